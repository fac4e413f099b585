import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { ErrorResponseSchema, IdSchema, IdParamsSchema, OkSchema } from '../../../shared/schemas/common.ts';
import { SessionSchema } from '../../../shared/schemas/auth.ts';
import {
  AcceptInvitationBodySchema, CreateInvitationBodySchema, InvitationPreviewSchema, InvitationSchema, InvitationTokenParamsSchema,
} from '../../../shared/schemas/invitations.ts';
import { toSession } from '../auth/auth.service.ts';
import { SESSION_COOKIE } from '../auth/auth.tokens.ts';
import { createInvitationsService } from './invitations.service.ts';

export interface InvitationsRoutesOptions {
  publicUrl: string;
  cookieSecure: boolean;
}

const errors = { 400: ErrorResponseSchema, 401: ErrorResponseSchema, 403: ErrorResponseSchema, 404: ErrorResponseSchema, 409: ErrorResponseSchema, 410: ErrorResponseSchema };
const tags = ['invitations'];

/** An organisation's invitations, under /api/organisations/:id/invitations. */
export const organisationInvitationsRoutes: FastifyPluginAsyncTypebox<InvitationsRoutesOptions> = async (app, options) => {
  const service = createInvitationsService({ db: app.db, mailer: app.mailer, publicUrl: options.publicUrl, log: app.log.child({ module: 'invitations' }) });

  app.get('/:id/invitations', { schema: { tags, params: IdParamsSchema, response: { 200: Type.Array(InvitationSchema), ...errors } } }, (request) =>
    service.listPending(request.auth, request.params.id),
  );

  app.post(
    '/:id/invitations',
    { schema: { tags, params: IdParamsSchema, body: CreateInvitationBodySchema, response: { 201: InvitationSchema, ...errors } } },
    async (request, reply) => reply.status(201).send(await service.invite(request.auth, request.params.id, request.body)),
  );

  app.delete(
    '/:id/invitations/:invitationId',
    { schema: { tags, params: Type.Object({ id: IdSchema, invitationId: IdSchema }), response: { 200: OkSchema, ...errors } } },
    async (request) => {
      await service.revoke(request.auth, request.params.id, request.params.invitationId);
      return { ok: true as const };
    },
  );
};

/** The invitation link's own routes, under /api/invitations: whoever holds the token. */
export const invitationsRoutes: FastifyPluginAsyncTypebox<InvitationsRoutesOptions> = async (app, options) => {
  const service = createInvitationsService({ db: app.db, mailer: app.mailer, publicUrl: options.publicUrl, log: app.log.child({ module: 'invitations' }) });

  app.get('/:token', { schema: { tags, params: InvitationTokenParamsSchema, response: { 200: InvitationPreviewSchema, ...errors } } }, (request) =>
    service.preview(request.params.token),
  );

  app.post(
    '/:token/accept',
    { schema: { tags, params: InvitationTokenParamsSchema, body: AcceptInvitationBodySchema, response: { 200: SessionSchema, 201: SessionSchema, ...errors } } },
    async (request, reply) => {
      const { auth, session } = await service.accept(request.auth, request.params.token, request.body);
      if (!session) return toSession(auth, reply.generateCsrf());
      reply.setCookie(SESSION_COOKIE, session.token, { path: '/', httpOnly: true, sameSite: 'lax', secure: options.cookieSecure, expires: session.expiresAt });
      return reply.status(201).send(toSession(auth, reply.generateCsrf()));
    },
  );
};
