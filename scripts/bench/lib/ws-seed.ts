// Rooms for `npm run bench:ws`, written before the server starts: one enterprise and one institute
// (signed up through the real API), one published task, one shortlisted proposal cloned M times,
// M rooms opened through the real API, and an API token per side. Cloning the proposal rows
// directly is what makes thousands of rooms take seconds instead of thousands of sign-ups.
import { buildApp } from '../../../server/app.ts';
import type { AppConfig } from '../../../server/config.ts';
import type { Database } from '../../../server/db/database.ts';
import { eq } from 'drizzle-orm';
import { proposals } from '../../../server/modules/proposals/proposals.table.ts';
import { createTokensService } from '../../../server/modules/tokens/tokens.service.ts';
import { createClient, proposalBody, publishableTaskBody, signUpBody } from '../../../tests/helpers/test-client.ts';

export interface SeededRooms {
  rooms: string[];
  tokens: { enterprise: string; institute: string };
  credentials: { enterprise: { email: string; password: string }; institute: { email: string; password: string } };
}

async function expectStatus<T extends { status: number; body: unknown }>(response: Promise<T>, what: string, ...statuses: number[]): Promise<T> {
  const result = await response;
  if (!statuses.includes(result.status)) throw new Error(`${what}: ${result.status} ${JSON.stringify(result.body)}`);
  return result;
}

export async function seedRooms(config: AppConfig, database: Database, roomCount: number, log: (line: string) => void): Promise<SeededRooms> {
  const app = await buildApp(config, { database, indexInBackground: false });
  await app.ready();
  try {
    const enterprise = createClient(app);
    const institute = createClient(app);
    const people = { enterprise: signUpBody('enterprise'), institute: signUpBody('institute') };
    await enterprise.session();
    await institute.session();
    const enterpriseSession = await expectStatus(enterprise.post('/api/auth/sign-up', people.enterprise), 'enterprise sign-up', 201);
    const instituteSession = await expectStatus(institute.post('/api/auth/sign-up', people.institute), 'institute sign-up', 201);
    const task = await expectStatus(enterprise.post('/api/tasks', publishableTaskBody()), 'task', 201);
    await expectStatus(enterprise.post(`/api/tasks/${task.body.id}/status`, { status: 'published' }), 'publishing', 200);
    const proposal = await expectStatus(institute.post(`/api/tasks/${task.body.id}/proposals`, proposalBody({ submit: true })), 'proposal', 201);
    await expectStatus(enterprise.post(`/api/proposals/${proposal.body.id}/shortlist`), 'shortlist', 200);

    const [template] = await database.db.select().from(proposals).where(eq(proposals.id, proposal.body.id));
    const { id: _id, ...copy } = template;
    const proposalIds = [proposal.body.id as string];
    for (let start = 1; start < roomCount; start += 1000) {
      const batch = Array.from({ length: Math.min(1000, roomCount - start) }, (_, k) => ({ ...copy, title: `${copy.title} (${start + k})` }));
      const rows = await database.db.insert(proposals).values(batch).returning({ id: proposals.id });
      proposalIds.push(...rows.map((row) => row.id));
    }

    const rooms: string[] = [];
    const started = performance.now();
    let next = 0;
    const worker = async () => {
      while (next < proposalIds.length) {
        const proposalId = proposalIds[next++];
        const opened = await expectStatus(enterprise.post(`/api/proposals/${proposalId}/negotiation`), 'opening a room', 200, 201);
        rooms.push(opened.body.negotiationId);
        if (rooms.length % 1000 === 0) log(`  rooms opened: ${rooms.length}/${roomCount} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
      }
    };
    await Promise.all(Array.from({ length: 4 }, worker));

    const actor = { userId: null, tokenId: null, label: 'bench:ws' };
    const tokens = createTokensService({ db: database.db });
    const orgOf = (session: { body: { organisation: { id: string } } }) => session.body.organisation.id;
    const enterpriseToken = await tokens.issueToken({ name: 'bench:ws enterprise', role: 'member', organisationId: orgOf(enterpriseSession) }, actor, null);
    const instituteToken = await tokens.issueToken({ name: 'bench:ws institute', role: 'member', organisationId: orgOf(instituteSession) }, actor, null);
    return {
      rooms,
      tokens: { enterprise: enterpriseToken.token, institute: instituteToken.token },
      credentials: {
        enterprise: { email: people.enterprise.email, password: people.enterprise.password },
        institute: { email: people.institute.email, password: people.institute.password },
      },
    };
  } finally {
    await app.close();
  }
}
