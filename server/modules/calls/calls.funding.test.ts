// A call that funds for negotiation: the amount its council funds is the ceiling of everything agreed
// afterwards (offers, the agreement, later changes), and a negotiation that fails gives the money back
// to the envelope. Also: only the call's own program office changes the partnership it funded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestContext, type TestContext } from '../../../tests/helpers/test-app.ts';
import { proposalBody, publishableTaskBody, signUp, type TestClient } from '../../../tests/helpers/test-client.ts';
import { callBody, createPerson, createProgramOffice } from '../../../tests/helpers/calls-fixtures.ts';
import { programOfficeClient } from '../../../tests/helpers/partnerships.ts';
import type { Terms } from '../../../shared/schemas/terms.ts';
import { partnerships } from '../partnerships/partnerships.table.ts';
import { auditLog } from '../audit/audit.table.ts';
import { calls } from './calls.table.ts';
import { councilVotes } from './council.table.ts';

let ctx: TestContext;
let officer: TestClient;
let enterprise: Awaited<ReturnType<typeof signUp>>;
const institutes: Awaited<ReturnType<typeof signUp>>[] = [];
const proposals: string[] = [];
let callId: string;
const council: Awaited<ReturnType<typeof createPerson>>[] = [];

/** Terms for `total` ₸: two equal milestones, the enterprise paying 60 %, the state program the rest. */
function termsOf(base: Terms, total: number): Terms {
  const half = total / 2;
  return {
    ...base,
    totalBudgetKzt: total,
    milestones: [{ ...base.milestones[0], amountKzt: half }, { ...base.milestones[1], amountKzt: half }],
    cofinancing: [{ source: 'enterprise', amountKzt: total * 0.6 }, { source: 'state_program', amountKzt: total * 0.4 }],
  };
}

async function fund(proposalId: string, amountKzt: number) {
  for (const member of council) expect((await member.client.post(`/api/calls/${callId}/council/votes`, { proposalId, vote: 'for' })).status).toBe(200);
  return officer.post(`/api/calls/${callId}/outcomes`, { proposalId, amountKzt, rationale: 'Funded for negotiation.' });
}

async function openRoom(proposalId: string) {
  const room = await enterprise.client.post(`/api/proposals/${proposalId}/negotiation`);
  expect(room.status).toBe(201);
  const id: string = room.body.negotiationId;
  return { id, terms: (await enterprise.client.get(`/api/negotiations/${id}`)).body.latestTerms as Terms };
}

beforeAll(async () => {
  ctx = await createTestContext({ signInRateLimit: 200 });
  const office = await createProgramOffice(ctx.app, ctx.db);
  officer = office.officer.client;
  enterprise = await signUp(ctx.app, 'enterprise');
  const taskId = (await enterprise.client.post('/api/tasks', publishableTaskBody())).body.id;
  expect((await enterprise.client.post(`/api/tasks/${taskId}/status`, { status: 'published' })).status).toBe(200);
  // 120 M proposals into a 200 M envelope: funding two at 100 M uses all of it.
  const created = await officer.post('/api/calls', callBody({ taskIds: [taskId], fundingMode: 'negotiation', budgetEnvelopeKzt: 200_000_000 }));
  expect(created.status).toBe(201);
  callId = created.body.id;
  expect((await officer.post(`/api/calls/${callId}/status`, { status: 'open' })).status).toBe(200);
  // Three proposals for the money, four more for the race between a vote and the decision.
  for (let index = 0; index < 7; index += 1) {
    const institute = await signUp(ctx.app, 'institute');
    institutes.push(institute);
    const proposal = await institute.client.post(`/api/calls/${callId}/proposals`, proposalBody({ submit: true }));
    expect(proposal.status).toBe(201);
    proposals.push(proposal.body.id);
  }
  for (let index = 0; index < 3; index += 1) council.push(await createPerson(ctx.app, ctx.db, { name: `Member ${index + 1}` }));
  expect((await officer.put(`/api/calls/${callId}/council`, { memberEmails: council.map((member) => member.email), chairEmail: council[0].email })).status).toBe(200);
  // Scoring is calls.test.ts's subject: this call goes straight to its council.
  await ctx.db.update(calls).set({ status: 'council', deadline: new Date(Date.now() - 1000) }).where(eq(calls.id, callId));
}, 120_000);
afterAll(() => ctx.close());

describe('the funded amount is a ceiling', () => {
  let roomId: string;
  let terms: Terms;

  it('the room opens at the proposal\'s own 120 M, which cannot be accepted above the 100 M funded', async () => {
    expect((await fund(proposals[0], 100_000_000)).body.outcome).toMatchObject({ funded: true, amountKzt: 100_000_000 });
    ({ id: roomId, terms } = await openRoom(proposals[0]));
    expect(terms.totalBudgetKzt).toBe(120_000_000);
    // The room says what the call funded, for the offer editor to check the total against.
    expect((await institutes[0].client.get(`/api/negotiations/${roomId}`)).body.funding).toEqual({ callId, amountKzt: 100_000_000 });
    const accepted = await institutes[0].client.post(`/api/negotiations/${roomId}/accept`, { clientMsgId: 'accept-v1', version: 1 });
    expect([accepted.status, accepted.body.error.code]).toEqual([409, 'calls.above_funded_amount']);
    expect(accepted.body.error.details).toMatchObject({ totalKzt: 120_000_000, fundedKzt: 100_000_000, callId });
  });

  it('refuses an offer above the funded amount and takes one within it', async () => {
    const above = await institutes[0].client.post(`/api/negotiations/${roomId}/offers`, { clientMsgId: 'offer-110', terms: termsOf(terms, 110_000_000) });
    expect([above.status, above.body.error.code]).toEqual([409, 'calls.above_funded_amount']);
    expect((await institutes[0].client.post(`/api/negotiations/${roomId}/offers`, { clientMsgId: 'offer-100', terms: termsOf(terms, 100_000_000) })).status).toBe(200);
  });

  it('the agreement makes a partnership of the call, and no later change raises it past the funded amount', async () => {
    expect((await enterprise.client.post(`/api/negotiations/${roomId}/accept`, { clientMsgId: 'e-accept-v2', version: 2 })).status).toBe(200);
    expect((await institutes[0].client.post(`/api/negotiations/${roomId}/accept`, { clientMsgId: 'i-accept-v2', version: 2 })).status).toBe(200);
    const [partnership] = await ctx.db.select().from(partnerships).where(eq(partnerships.proposalId, proposals[0]));
    expect(partnership).toMatchObject({ callId, totalBudgetKzt: 100_000_000 });
    const raise = await institutes[0].client.post(`/api/partnerships/${partnership.id}/change-requests`, { terms: termsOf(terms, 110_000_000), reason: 'Reagent prices rose.' });
    expect([raise.status, raise.body.error.code]).toEqual([409, 'calls.above_funded_amount']);
    const lower = await institutes[0].client.post(`/api/partnerships/${partnership.id}/change-requests`, { terms: termsOf(terms, 90_000_000), reason: 'Pilot shortened.' });
    expect(lower.status).toBe(200);
  });

  it('only the call\'s own program office changes that partnership; a national office without the call reads it', async () => {
    const [partnership] = await ctx.db.select().from(partnerships).where(eq(partnerships.proposalId, proposals[0]));
    const national = (await programOfficeClient(ctx)).client;
    expect((await national.get(`/api/partnerships/${partnership.id}`)).status).toBe(200);
    expect((await national.post(`/api/partnerships/${partnership.id}/at-risk`, { atRisk: true, note: 'Not our call' })).status).toBe(403);
    expect((await officer.post(`/api/partnerships/${partnership.id}/at-risk`, { atRisk: true, note: 'Pilot site not ready.' })).body.status).toBe('at_risk');
  });
});

describe('the envelope', () => {
  it('is used up by two 100 M fundings; a failed negotiation gives its amount back for the next proposal', async () => {
    expect((await fund(proposals[1], 100_000_000)).status).toBe(200);
    const over = await fund(proposals[2], 100_000_000);
    expect([over.status, over.body.error.code]).toEqual([409, 'calls.budget_exceeded']);
    expect(over.body.error.details).toMatchObject({ envelope: 200_000_000, committed: 200_000_000 });
    const full = (await officer.get(`/api/calls/${callId}/results`)).body.envelope;
    expect(full).toEqual({ budgetKzt: 200_000_000, committedKzt: 200_000_000, remainingKzt: 0 });

    const room = await openRoom(proposals[1]);
    const withdrawn = await institutes[1].client.post(`/api/negotiations/${room.id}/withdraw`, { clientMsgId: 'withdraw-1', reason: 'The team left.' });
    expect(withdrawn.status).toBe(200);
    expect((await officer.get(`/api/calls/${callId}/results`)).body.envelope).toEqual({ budgetKzt: 200_000_000, committedKzt: 100_000_000, remainingKzt: 100_000_000 });
    const funded = await officer.post(`/api/calls/${callId}/outcomes`, { proposalId: proposals[2], amountKzt: 100_000_000, rationale: 'Funded from the released amount.' });
    expect([funded.status, funded.body.outcome?.amountKzt]).toEqual([200, 100_000_000]);
  });
});

describe('a vote racing the decision, and the end of the call', () => {
  it('either counts in the recorded outcome or is refused: no vote lands after the decision', async () => {
    for (const proposalId of proposals.slice(3)) {
      for (const member of council.slice(0, 2)) await member.client.post(`/api/calls/${callId}/council/votes`, { proposalId, vote: 'against' });
      const [late, outcome] = await Promise.all([
        council[2].client.post(`/api/calls/${callId}/council/votes`, { proposalId, vote: 'abstain' }),
        officer.post(`/api/calls/${callId}/outcomes`, { proposalId, rationale: 'Not convincing.' }),
      ]);
      expect(outcome.status, JSON.stringify(outcome.body)).toBe(200);
      expect([200, 409]).toContain(late.status);
      const [decided] = await ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'call.outcome'), eq(auditLog.entityId, proposalId)));
      const stored = await ctx.db.select().from(councilVotes).where(eq(councilVotes.proposalId, proposalId));
      // The tally the decision was made on counts every vote stored for the proposal.
      expect((decided.changes as { tally: { abstain: number } }).tally.abstain).toBe(stored.filter((vote) => vote.vote === 'abstain').length);
    }
    // Decided once the last proposal still in the call has its outcome (the withdrawn one counted for nothing).
    expect((await officer.get(`/api/calls/${callId}`)).body.status).toBe('decided');
  });
});
