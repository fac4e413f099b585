// Test fixture for the program workspace: a small, fully known portfolio. Partnerships are made by
// the real agreement call; disbursements and timestamps are written directly (the partnerships
// module records payments; here only the numbers matter).
import { sql } from 'drizzle-orm';
import type { TestContext } from '../../../tests/helpers/test-app.ts';
import { createClient, proposalBody, publishableTaskBody, signUp, uniqueBin, type TestClient } from '../../../tests/helpers/test-client.ts';
import { DEFAULT_CLAUSES, type Terms } from '../../../shared/schemas/terms.ts';
import type { CofinancingSource } from '../../../shared/schemas/proposals.ts';
import { createPartnershipFromAgreement } from '../partnerships/partnerships.agreement.ts';
import { disbursements, partnershipTranches } from '../partnerships/partnerships.table.ts';
import { createOrganisationsService } from '../organisations/organisations.service.ts';
import { createUsersRepo } from '../users/users.repo.ts';
import { createOrganisationsRepo } from '../organisations/organisations.repo.ts';
import { hashPassword } from '../auth/passwords.ts';
import { ANONYMOUS } from '../auth/auth-context.ts';

const actor = { userId: null, tokenId: null, label: 'test' };

export interface FixturePartnership {
  key: string;
  enterprise: { client: TestClient; id: string };
  institute: { client: TestClient; id: string };
  title: string;
  priorityArea: string;
  region: string;
  cofinancing: { source: CofinancingSource; amountKzt: number }[];
  dueDate: string;
  publishedAt: string;
  submittedAt: string;
  agreedAt: string;
}

export async function signUpOrganisation(ctx: TestContext, kind: 'enterprise' | 'institute', name: string, region: string) {
  const { client, session } = await signUp(ctx.app, kind, { organisation: { kind, name, bin: uniqueBin(), region } as never });
  return { client, id: session.organisation.id as string };
}

/** Publishes a task of the enterprise with the given area and region, back-dated to `publishedAt`. */
export async function publishTask(ctx: TestContext, enterprise: TestClient, fields: { title: string; priorityArea: string; region: string; publishedAt: string }) {
  const task = await enterprise.post('/api/tasks', publishableTaskBody({ title: fields.title, priorityArea: fields.priorityArea, region: fields.region }));
  if (task.status !== 201) throw new Error(`task: ${task.status} ${JSON.stringify(task.body)}`);
  const published = await enterprise.post(`/api/tasks/${task.body.id}/status`, { status: 'published' });
  if (published.status !== 200) throw new Error(`publish: ${published.status} ${JSON.stringify(published.body)}`);
  await ctx.db.execute(sql`update tasks set published_at = ${fields.publishedAt}::timestamptz where id = ${task.body.id}`);
  return task.body.id as string;
}

/** Submits a proposal of the institute, back-dated to `submittedAt`. */
export async function submitProposal(ctx: TestContext, institute: TestClient, taskId: string, submittedAt: string) {
  const proposal = await institute.post(`/api/tasks/${taskId}/proposals`, proposalBody({ submit: true }));
  if (proposal.status !== 201) throw new Error(`proposal: ${proposal.status} ${JSON.stringify(proposal.body)}`);
  await ctx.db.execute(sql`update proposals set submitted_at = ${submittedAt}::timestamptz, status_changed_at = ${submittedAt}::timestamptz where id = ${proposal.body.id}`);
  return proposal.body.id as string;
}

/** A published task, a submitted proposal and the partnership their agreement makes: one milestone, the given sources. */
export async function createFixturePartnership(ctx: TestContext, spec: FixturePartnership) {
  const taskId = await publishTask(ctx, spec.enterprise.client, spec);
  const proposalId = await submitProposal(ctx, spec.institute.client, taskId, spec.submittedAt);
  const total = spec.cofinancing.reduce((sum, line) => sum + line.amountKzt, 0);
  const terms: Terms = {
    ...DEFAULT_CLAUSES,
    totalBudgetKzt: total,
    cofinancing: spec.cofinancing,
    milestones: [{ title: `${spec.key} milestone`, deliverable: 'Report', dueDate: spec.dueDate, amountKzt: total }],
    startDate: spec.agreedAt.slice(0, 10),
  };
  const partnership = await ctx.db.transaction((tx) =>
    createPartnershipFromAgreement({ db: ctx.db }, tx, { proposalId, terms, termsVersion: 1, agreedAt: new Date(spec.agreedAt), actor }),
  );
  // The negotiation would have moved the proposal to agreed at the agreement.
  await ctx.db.execute(sql`update proposals set status = 'agreed', status_changed_at = ${spec.agreedAt}::timestamptz where id = ${proposalId}`);
  return { id: partnership.id, taskId, proposalId };
}

/** Records a payment against the partnership's tranche of that source, as the ledger reads it. */
export async function disburse(ctx: TestContext, partnershipId: string, source: CofinancingSource, amountKzt: number, disbursedOn: string) {
  const [tranche] = await ctx.db
    .select({ id: partnershipTranches.id })
    .from(partnershipTranches)
    .where(sql`${partnershipTranches.partnershipId} = ${partnershipId} and ${partnershipTranches.source} = ${source}`)
    .limit(1);
  if (!tranche) throw new Error(`no ${source} tranche`);
  const [row] = await ctx.db.insert(disbursements).values({ partnershipId, trancheId: tranche.id, source, amountKzt, disbursedOn }).returning({ id: disbursements.id });
  return row.id;
}

/** A program office (with a region: a regional administration) and a signed-in officer of it. */
export async function programOfficer(ctx: TestContext, email: string, region?: string) {
  const adminAuth = { ...ANONYMOUS, via: 'token' as const, isAdmin: true };
  const office = await createOrganisationsService({ db: ctx.db }).createOrganisation(adminAuth, { kind: 'program_office', name: `Office ${email}`, bin: uniqueBin(), ...(region ? { region: region as never } : {}) });
  const password = 'program-office-pass';
  const user = await createUsersRepo({ db: ctx.db }).insert({ email, fullName: 'Officer', passwordHash: await hashPassword(password) });
  await createOrganisationsRepo({ db: ctx.db }).addMember({ userId: user.id, organisationId: office.id, role: 'owner' });
  const client = createClient(ctx.app);
  await client.session();
  const signedIn = await client.post('/api/auth/sign-in', { email, password });
  if (signedIn.status !== 200) throw new Error(`sign-in: ${signedIn.status}`);
  return { client, officeId: office.id, userId: user.id };
}
