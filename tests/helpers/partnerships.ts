// Partnership fixtures: the two parties, a program office, and partnerships made the way an agreement makes them.
import { expect } from 'vitest';
import type { TestContext } from './test-app.ts';
import { createClient, proposalBody, publishableTaskBody, signUp, uniqueBin, type TestClient } from './test-client.ts';
import { initialTermsOf, type Terms } from '../../shared/schemas/terms.ts';
import type { Region } from '../../shared/constants.ts';
import { ANONYMOUS } from '../../server/modules/auth/auth-context.ts';
import { createOrganisationsService } from '../../server/modules/organisations/organisations.service.ts';
import { createOrganisationsRepo } from '../../server/modules/organisations/organisations.repo.ts';
import { createUsersRepo } from '../../server/modules/users/users.repo.ts';
import { hashPassword } from '../../server/modules/auth/passwords.ts';
import { createPartnershipFromAgreement } from '../../server/modules/partnerships/partnerships.agreement.ts';

export interface Parties {
  enterprise: TestClient;
  enterpriseId: string;
  institute: TestClient;
  instituteId: string;
  taskId: string;
}

let officeSequence = 0;

/** A program office with one owner, signed in; with a region, a regional administration (akimat). */
export async function programOfficeClient(ctx: TestContext, region: Region | null = null) {
  const adminAuth = { ...ANONYMOUS, via: 'token' as const, isAdmin: true };
  const office = await createOrganisationsService({ db: ctx.db }).createOrganisation(adminAuth, { kind: 'program_office', name: `Program office ${++officeSequence}`, bin: uniqueBin(), ...(region ? { region } : {}) });
  const email = `officer-${office.id.slice(0, 8)}@example.kz`;
  const user = await createUsersRepo({ db: ctx.db }).insert({ email, fullName: 'Program Officer', passwordHash: await hashPassword('program-office-pass') });
  await createOrganisationsRepo({ db: ctx.db }).addMember({ userId: user.id, organisationId: office.id, role: 'owner' });
  const client = createClient(ctx.app);
  await client.session();
  expect((await client.post('/api/auth/sign-in', { email, password: 'program-office-pass' })).status).toBe(200);
  return { client, organisationId: office.id };
}

/** An enterprise with a published task and an institute, both signed in. */
export async function createParties(ctx: TestContext): Promise<Parties> {
  const enterprise = await signUp(ctx.app, 'enterprise');
  const institute = await signUp(ctx.app, 'institute');
  const task = await enterprise.client.post('/api/tasks', publishableTaskBody());
  expect((await enterprise.client.post(`/api/tasks/${task.body.id}/status`, { status: 'published' })).status).toBe(200);
  return { enterprise: enterprise.client, enterpriseId: enterprise.session.organisation.id, institute: institute.client, instituteId: institute.session.organisation.id, taskId: task.body.id };
}

/**
 * A partnership between the parties, through the same call an agreement makes. Default money (from
 * proposalBody): 2 milestones of 60 M, enterprise 72 M, state programme 36 M, institute in kind 12 M.
 */
export async function createPartnership(ctx: TestContext, parties: Parties, overrides: { proposal?: Record<string, unknown>; terms?: Partial<Terms> } = {}) {
  const proposal = await parties.institute.post(`/api/tasks/${parties.taskId}/proposals`, proposalBody({ submit: true, ...overrides.proposal }));
  expect(proposal.status, JSON.stringify(proposal.body)).toBe(201);
  const terms = { ...initialTermsOf(proposal.body, '2026-01-01'), ...overrides.terms };
  const row = await ctx.db.transaction((tx) => createPartnershipFromAgreement({ db: ctx.db }, tx, { proposalId: proposal.body.id, terms, termsVersion: 1, actor: { userId: null, tokenId: null, label: 'test' } }));
  return { id: row.id, terms };
}
