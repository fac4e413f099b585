// Setting up competitive calls for tests: a program office, people (experts, council members), a
// call with criteria, proposals, and a way to move a call past its deadline without waiting.
import { eq } from 'drizzle-orm';
import type { App } from '../../server/app.ts';
import type { Db } from '../../server/db/database.ts';
import { calls } from '../../server/modules/calls/calls.table.ts';
import { createOrganisationsRepo } from '../../server/modules/organisations/organisations.repo.ts';
import { createUsersRepo } from '../../server/modules/users/users.repo.ts';
import { hashPassword } from '../../server/modules/auth/passwords.ts';
import { createClient, uniqueBin, type TestClient } from './test-client.ts';

const PASSWORD = 'calls fixture password';
let passwordHash: Promise<string> | null = null;
let sequence = 0;

export async function signInClient(app: App, email: string, password = PASSWORD): Promise<TestClient> {
  const client = createClient(app);
  await client.session();
  const response = await client.post('/api/auth/sign-in', { email, password });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${JSON.stringify(response.body)}`);
  return client;
}

/** A person with an account, optionally a member of an organisation, signed in. */
export async function createPerson(app: App, db: Db, options: { name?: string; organisationId?: string; role?: 'owner' | 'member'; signIn?: boolean } = {}) {
  sequence += 1;
  const email = `person-${sequence}-${Math.random().toString(36).slice(2, 8)}@example.kz`;
  passwordHash ??= hashPassword(PASSWORD);
  const user = await createUsersRepo({ db }).insert({ email, fullName: options.name ?? `Person ${sequence}`, passwordHash: await passwordHash });
  if (options.organisationId) await createOrganisationsRepo({ db }).addMember({ userId: user.id, organisationId: options.organisationId, role: options.role ?? 'member' });
  const client = options.signIn === false ? null : await signInClient(app, email);
  return { id: user.id, email, client: client!, password: PASSWORD };
}

export async function createProgramOffice(app: App, db: Db, name = 'Innovation fund') {
  const office = await createOrganisationsRepo({ db }).insert({ kind: 'program_office', name: `${name} ${++sequence}`, bin: uniqueBin() });
  const officer = await createPerson(app, db, { name: 'Officer', organisationId: office.id, role: 'owner' });
  return { id: office.id, name: office.name, officer };
}

/** Four criteria of the example (30/30/20/20), each on a 0–5 scale. */
export function criteria() {
  const levels = ['absent', 'weak', 'fair', 'good', 'very good', 'excellent'];
  return [
    { key: 'scientific_merit', name: 'Scientific merit', weight: 30, scaleMin: 0, scaleMax: 5, levels },
    { key: 'industrial_relevance', name: 'Industrial relevance', weight: 30, scaleMin: 0, scaleMax: 5, levels },
    { key: 'team', name: 'Team', weight: 20, scaleMin: 0, scaleMax: 5, levels },
    { key: 'budget_realism', name: 'Budget realism', weight: 20, scaleMin: 0, scaleMax: 5, levels },
  ];
}

export function callBody(overrides: Record<string, unknown> = {}) {
  return {
    title: 'Selenium and rare metals from copper production',
    description: 'Proposals for recovering selenium, tellurium and precious metals from copper electrolyte slimes and dusts.',
    taskIds: [] as string[],
    priorityArea: 'metallurgy',
    budgetEnvelopeKzt: 500_000_000,
    eligibility: 'Research institutes and universities of Kazakhstan.',
    deadline: new Date(Date.now() + 30 * 24 * 3600_000).toISOString(),
    expertsPerProposal: 3,
    divergenceThreshold: 25,
    passThreshold: 60,
    fundingMode: 'standard_terms',
    criteria: criteria(),
    ...overrides,
  };
}

/** Time passes: the call's deadline is now one second ago (server time reads it from the row). */
export async function passDeadline(db: Db, callId: string) {
  await db.update(calls).set({ deadline: new Date(Date.now() - 1000) }).where(eq(calls.id, callId));
}

/** Scores for every criterion of `criteria()`, each with a comment. */
export function scoreSheet(scores: [number, number, number, number], comment = 'Reasoned comment') {
  return { scores: criteria().map((criterion, index) => ({ criterion: criterion.key, score: scores[index], comment: `${comment}: ${criterion.name}` })) };
}
