import { afterAll, beforeAll, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestContext, type TestContext } from '../../../tests/helpers/test-app.ts';
import { signInClient } from '../../../tests/helpers/calls-fixtures.ts';
import { DEMO_PASSWORD, seedDemoData } from '../importer/seed.ts';
import { DEMO_CALL_TITLE, DEMO_COUNCIL } from '../importer/seed-calls.ts';
import { calls } from './calls.table.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ signInRateLimit: 100 });
  await seedDemoData(ctx.db);
}, 180_000);
afterAll(() => ctx.close());

it('the demo data holds a call at the council stage: fully scored, a council of five, ready to vote', async () => {
  const [call] = await ctx.db.select().from(calls).where(eq(calls.title, DEMO_CALL_TITLE));
  expect(call.status).toBe('council');
  const chair = await signInClient(ctx.app, DEMO_COUNCIL[0], DEMO_PASSWORD);
  const council = await chair.get(`/api/calls/${call.id}/council`);
  expect(council.status).toBe(200);
  expect(council.body.members).toHaveLength(5);
  expect(council.body.ballots).toHaveLength(3);
  expect(council.body.ballots.every((ballot: { score: number | null }) => ballot.score !== null)).toBe(true);
  // The member from a proposing institute abstains on its proposal automatically.
  expect(council.body.ballots.flatMap((ballot: { votes: { vote: string }[] }) => ballot.votes.map((vote) => vote.vote))).toEqual(['conflict']);
  const vote = await chair.post(`/api/calls/${call.id}/council/votes`, { proposalId: council.body.ballots[0].proposalId, vote: 'for' });
  expect(vote.status).toBe(200);
});

it('seeding again adds no second demo call', async () => {
  await seedDemoData(ctx.db);
  expect(await ctx.db.select({ id: calls.id }).from(calls).where(eq(calls.title, DEMO_CALL_TITLE))).toHaveLength(1);
});
