import type { FastifyInstance } from 'fastify';
import type { AppConfig } from '../config.ts';
import { authRoutes } from './auth/auth.routes.ts';
import { organisationsRoutes } from './organisations/organisations.routes.ts';
import { tasksRoutes } from './tasks/tasks.routes.ts';
import { institutesRoutes } from './institutes/institutes.routes.ts';
import { tokensRoutes } from './tokens/tokens.routes.ts';
import { statsRoutes } from './stats/stats.routes.ts';
import { healthRoutes } from './health/health.routes.ts';
import { searchRoutes } from './search/search.routes.ts';
import { notificationsRoutes, savedSearchesRoutes } from './alerts/alerts.routes.ts';
import { matchingRoutes } from './matching/matching.routes.ts';
import { ndaRoutes } from './nda/nda.routes.ts';
import { adminRoutes } from './admin/admin.routes.ts';
import { auditRoutes } from './audit/audit.routes.ts';
import { invitationsRoutes, organisationInvitationsRoutes } from './invitations/invitations.routes.ts';
import { proposalsRoutes } from './proposals/proposals.routes.ts';
import { negotiationsRoutes } from './negotiations/negotiations.routes.ts';
import { taskAttachmentsRoutes } from './task-attachments/task-attachments.routes.ts';
import { partnershipsRoutes } from './partnerships/partnerships.routes.ts';
import { programRoutes } from './program/program.routes.ts';
import { publicRoutes } from './public/public.routes.ts';
import { callsRoutes } from './calls/calls.routes.ts';

/** The whole API surface, in one place. */
export async function registerModules(app: FastifyInstance, config: AppConfig) {
  await app.register(healthRoutes, { prefix: '/api/health' });
  await app.register(authRoutes, { prefix: '/api/auth', cookieSecure: config.cookieSecure, signInRateLimit: config.signInRateLimit, publicUrl: config.publicUrl });
  await app.register(organisationsRoutes, { prefix: '/api/organisations' });
  const invitationOptions = { publicUrl: config.publicUrl, cookieSecure: config.cookieSecure };
  await app.register(organisationInvitationsRoutes, { prefix: '/api/organisations', ...invitationOptions });
  await app.register(invitationsRoutes, { prefix: '/api/invitations', ...invitationOptions });
  await app.register(tasksRoutes, { prefix: '/api/tasks' });
  await app.register(ndaRoutes, { prefix: '/api/tasks' });
  await app.register(institutesRoutes, { prefix: '/api/institutes' });
  await app.register(tokensRoutes, { prefix: '/api/tokens' });
  await app.register(statsRoutes, { prefix: '/api/stats' });
  await app.register(searchRoutes, { prefix: '/api/search', semanticRatio: config.semanticRatio });
  await app.register(matchingRoutes, { prefix: '/api', regionWeight: config.matchRegionWeight });
  await app.register(savedSearchesRoutes, { prefix: '/api/saved-searches' });
  await app.register(adminRoutes, { prefix: '/api/admin' });
  await app.register(auditRoutes, { prefix: '/api/audit' });
  await app.register(notificationsRoutes, { prefix: '/api/notifications', publicUrl: config.publicUrl });
  await app.register(proposalsRoutes, {
    prefix: '/api', dataDir: config.dataDir, maxUploadMb: config.maxUploadMb, responseDays: config.proposalResponseDays, regionWeight: config.matchRegionWeight,
  });
  // REST under /api and the room socket at GET /ws.
  await app.register(negotiationsRoutes, { publicUrl: config.publicUrl });
  await app.register(taskAttachmentsRoutes, { prefix: '/api/tasks', dataDir: config.dataDir, maxUploadMb: config.maxUploadMb });
  await app.register(partnershipsRoutes, { prefix: '/api/partnerships', dataDir: config.dataDir, maxUploadMb: config.maxUploadMb, atRiskDays: config.atRiskDays });
  await app.register(programRoutes, { prefix: '/api/program' });
  // Public transparency: open data without sign-in, rate-limited per address.
  await app.register(publicRoutes, { prefix: '/api/public', rateLimit: config.publicRateLimit });
  await app.register(callsRoutes, { prefix: '/api' });
}
