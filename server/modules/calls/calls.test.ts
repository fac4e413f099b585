// Competitive selection end to end over HTTP: a call from opening to the council's decision, and the
// rules on the way (criteria, deadline, conflicts of interest, blind scoring, voting, feedback).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestContext, type TestContext } from '../../../tests/helpers/test-app.ts';
import { proposalBody, publishableTaskBody, signUp, type TestClient } from '../../../tests/helpers/test-client.ts';
import { callBody, createPerson, createProgramOffice, passDeadline, scoreSheet } from '../../../tests/helpers/calls-fixtures.ts';
import { auditLog } from '../audit/audit.table.ts';
import { partnerships } from '../partnerships/partnerships.table.ts';
import { proposals as proposalsTable } from '../proposals/proposals.table.ts';
import { callOutcomes } from './council.table.ts';
import { createExpertsRepo } from './experts.repo.ts';
import { createCallsService } from './calls.service.ts';

let ctx: TestContext;
let office: Awaited<ReturnType<typeof createProgramOffice>>;
let officer: TestClient;
let enterprise: Awaited<ReturnType<typeof signUp>>;
const institutes: Awaited<ReturnType<typeof signUp>>[] = [];
let taskId: string;
let callId: string;
const proposals: string[] = [];
let late: string;
type Person = Awaited<ReturnType<typeof createPerson>>;
const experts: (Person & { registerId: string })[] = [];
let conflictedExpert: Person & { registerId: string };
const council: Person[] = [];

beforeAll(async () => {
  ctx = await createTestContext({ signInRateLimit: 200 });
  office = await createProgramOffice(ctx.app, ctx.db);
  officer = office.officer.client;
  enterprise = await signUp(ctx.app, 'enterprise');
  taskId = (await enterprise.client.post('/api/tasks', publishableTaskBody())).body.id;
  expect((await enterprise.client.post(`/api/tasks/${taskId}/status`, { status: 'published' })).status).toBe(200);
  for (let index = 0; index < 3; index += 1) institutes.push(await signUp(ctx.app, 'institute'));
  const elsewhere = await signUp(ctx.app, 'institute');
  for (const name of ['Aigerim Expert', 'Bolat Expert', 'Dana Expert', 'Yerlan Expert']) {
    const person = await createPerson(ctx.app, ctx.db, { name, organisationId: elsewhere.session.organisation.id });
    const registered = await officer.post('/api/call-experts', { email: person.email, fields: ['metallurgy'], languages: ['ru', 'en'] });
    expect(registered.status).toBe(201);
    experts.push({ ...person, registerId: registered.body.id });
  }
  // Works at the first institute: may never review its proposal, even though the register fits best.
  const tied = await createPerson(ctx.app, ctx.db, { name: 'Aaron Tied', organisationId: institutes[0].session.organisation.id });
  conflictedExpert = { ...tied, registerId: (await officer.post('/api/call-experts', { email: tied.email, fields: ['metallurgy'], languages: ['ru', 'en'] })).body.id };
  council.push(await createPerson(ctx.app, ctx.db, { name: 'Chair Council' }));
  for (let index = 0; index < 3; index += 1) council.push(await createPerson(ctx.app, ctx.db, { name: `Member ${index + 1}` }));
  // A member from the second institute abstains on its proposal automatically.
  council.push(await createPerson(ctx.app, ctx.db, { name: 'Member Tied', organisationId: institutes[1].session.organisation.id }));
}, 180_000);
afterAll(() => ctx.close());

describe('opening a call', () => {
  it('refuses criteria whose weights do not add up to 100, naming the sum', async () => {
    const body = callBody({ taskIds: [taskId] });
    body.criteria[0].weight = 25;
    const response = await officer.post('/api/calls', body);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('calls.invalid');
    expect(response.body.error.details).toEqual([{ path: '/criteria', message: 'weights add up to 95, not 100' }]);
  });

  it('refuses a scale without one description per level and a deadline in the past', async () => {
    const body = callBody({ deadline: new Date(Date.now() - 60_000).toISOString() });
    body.criteria[1].levels = ['bad', 'good'];
    const response = await officer.post('/api/calls', body);
    expect(response.status).toBe(400);
    expect(response.body.error.details.map((issue: { path: string }) => issue.path)).toEqual(['/criteria/1/levels', '/deadline']);
  });

  it('refuses unknown fields and non-program offices', async () => {
    expect((await officer.post('/api/calls', { ...callBody(), surprise: true })).status).toBe(400);
    expect((await enterprise.client.post('/api/calls', callBody())).status).toBe(403);
  });

  it('keeps a draft private and publishes the call, with its criteria, once opened', async () => {
    const created = await officer.post('/api/calls', callBody({ taskIds: [taskId] }));
    expect(created.status).toBe(201);
    callId = created.body.id;
    expect(created.body).toMatchObject({ status: 'draft', openTheme: false, tasks: [{ id: taskId }] });
    expect((await institutes[0].client.get(`/api/public/calls/${callId}`)).status).toBe(404);
    expect((await officer.post(`/api/calls/${callId}/status`, { status: 'open' })).body.status).toBe('open');
    const visitor = await institutes[0].client.get(`/api/public/calls/${callId}`);
    expect(visitor.status).toBe(200);
    expect(visitor.body.criteria.map((criterion: { weight: number }) => criterion.weight)).toEqual([30, 30, 20, 20]);
    const search = await institutes[0].client.get('/api/public/calls?q=tellurium');
    expect(search.body.items.map((call: { id: string }) => call.id)).toContain(callId);
    expect((await institutes[0].client.get('/api/public/calls?q=bauxite')).body.items).toEqual([]);
  });

  it('another program office meets the call as missing', async () => {
    const other = await createProgramOffice(ctx.app, ctx.db, 'Akimat');
    expect((await other.officer.client.get(`/api/calls/${callId}/results`)).status).toBe(404);
    expect((await other.officer.client.post(`/api/calls/${callId}/status`, { status: 'scoring' })).status).toBe(404);
  });
});

describe('submission until the deadline', () => {
  it('takes proposals from institutes while the call is open', async () => {
    for (const institute of institutes) {
      const response = await institute.client.post(`/api/calls/${callId}/proposals`, proposalBody({ submit: true, title: `Selenium route of ${institute.session.organisation.name}` }));
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({ status: 'submitted', callId, taskId });
      proposals.push(response.body.id);
    }
    late = (await institutes[0].client.post(`/api/calls/${callId}/proposals`, { title: 'Draft left too late' })).body.id;
    expect((await ctx.app.inject({ method: 'GET', url: `/api/public/calls/${callId}` })).json().proposalCount).toBe(3);
  });

  it('the enterprise cannot decide on a call proposal: the council does', async () => {
    const response = await enterprise.client.post(`/api/proposals/${proposals[0]}/shortlist`);
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('calls.decided_by_council');
    // Nor around the council, by negotiating terms of its own: no room opens, the proposal stays submitted.
    const room = await enterprise.client.post(`/api/proposals/${proposals[0]}/negotiation`);
    expect([room.status, room.body.error.code]).toEqual([409, 'calls.decided_by_council']);
    expect((await enterprise.client.get(`/api/proposals/${proposals[0]}`)).body.status).toBe('submitted');
  });

  it('refuses a late submission with a clear 409 and freezes proposals after the deadline', async () => {
    await passDeadline(ctx.db, callId);
    const lateSubmission = await institutes[1].client.post(`/api/calls/${callId}/proposals`, proposalBody({ submit: true }));
    expect(lateSubmission.status).toBe(409);
    expect(lateSubmission.body.error.code).toBe('calls.deadline_passed');
    expect(lateSubmission.body.error.message).toMatch(/closed for proposals at .* late proposals are not accepted/);
    const edit = await institutes[0].client.patch(`/api/proposals/${late}`, { title: 'Edited after the deadline' });
    expect([edit.status, edit.body.error.code]).toEqual([409, 'calls.frozen']);
    expect((await institutes[0].client.post(`/api/proposals/${late}/submit`)).body.error.code).toBe('calls.frozen');
    expect((await institutes[1].client.post(`/api/proposals/${proposals[1]}/withdraw`, { note: 'Changed our mind' })).body.error.code).toBe('calls.frozen');
    expect((await ctx.app.inject({ method: 'GET', url: `/api/public/calls/${callId}` })).json().status).toBe('closed');
  });

  it('the deadline is server time: one millisecond before it is accepted, at it refused', async () => {
    let clock = new Date('2027-03-01T09:00:00.000Z');
    const service = createCallsService({ db: ctx.db, now: () => clock });
    const auth = { via: 'session' as const, user: null, tokenId: null, isAdmin: false, organisation: { id: office.id, kind: 'program_office' as const, name: office.name, role: 'owner' as const } };
    const call = await service.createCall(auth, callBody({ deadline: '2027-03-01T12:00:00.000Z' }) as never);
    await service.changeStatus(auth, call.id, { status: 'open' });
    const institute = { ...auth, organisation: { ...institutes[2].session.organisation, role: 'owner' as const } };
    clock = new Date('2027-03-01T11:59:59.999Z');
    await expect(service.createCallProposal(institute, call.id, proposalBody({ submit: true }) as never)).resolves.toMatchObject({ status: 'submitted' });
    clock = new Date('2027-03-01T12:00:00.000Z');
    await expect(service.createCallProposal(institute, call.id, proposalBody({ submit: true }) as never)).rejects.toMatchObject({ statusCode: 409, code: 'calls.deadline_passed' });
    expect(service.effectiveStatus((await ctx.db.query.calls.findFirst({ where: (table, { eq: equals }) => equals(table.id, call.id) }))!)).toBe('closed');
  });
});

describe('experts and conflicts of interest', () => {
  it('never assigns an expert from the proposing institute, by hand or automatically', async () => {
    const byHand = await officer.post(`/api/calls/${callId}/assignments`, { proposalId: proposals[0], expertId: conflictedExpert.registerId });
    expect(byHand.status).toBe(409);
    expect(byHand.body.error.code).toBe('calls.expert_conflict');
    const suggestions = await officer.get(`/api/calls/${callId}/proposals/${proposals[0]}/expert-suggestions`);
    expect(suggestions.body.items.map((item: { expert: { id: string } }) => item.expert.id)).not.toContain(conflictedExpert.registerId);
    expect(suggestions.body.items[0]).toMatchObject({ fit: 2, reasons: ['field', 'language'] });
    // The database statement itself refuses, whatever the service checked before.
    const direct = await createExpertsRepo({ db: ctx.db }).assignUnlessConflicted({ callId, proposalId: proposals[0], expertId: conflictedExpert.registerId, expertUserId: conflictedExpert.id });
    expect(direct).toBeNull();
  });

  it('fills every proposal with the call\'s number of experts', async () => {
    const response = await officer.post(`/api/calls/${callId}/assignments/auto`);
    expect(response.status).toBe(200);
    expect(response.body.short).toEqual([]);
    const results = await officer.get(`/api/calls/${callId}/results`);
    for (const item of results.body.items) expect(item.experts.assigned).toBe(3);
    const first = results.body.items.find((item: { proposal: { id: string } }) => item.proposal.id === proposals[0]);
    expect(first.experts.assigned).toBe(3);
  });

  it('shows an expert only the title before the declaration; a declared conflict removes the assignment on record', async () => {
    const [mine] = (await experts[0].client.get('/api/expert-assignments')).body.items;
    const before = await experts[0].client.get(`/api/expert-assignments/${mine.id}`);
    expect(before.body.proposal).toMatchObject({ institute: null, summary: null, approach: null });
    expect((await experts[0].client.post(`/api/expert-assignments/${mine.id}/scores`, scoreSheet([3, 3, 3, 3]))).body.error.code).toBe('calls.declaration_required');
    expect((await experts[0].client.post(`/api/expert-assignments/${mine.id}/declaration`, { conflict: true })).status).toBe(400);
    const declared = await experts[0].client.post(`/api/expert-assignments/${mine.id}/declaration`, { conflict: true, reason: 'Joint paper with the team last year' });
    expect(declared.body.status).toBe('conflict');
    const audit = await ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'expert.declare_conflict'), eq(auditLog.entityId, mine.id)));
    expect(audit[0].changes).toMatchObject({ reason: 'Joint paper with the team last year' });
    // Someone else's assignment does not exist for this expert.
    const others = (await experts[1].client.get('/api/expert-assignments')).body.items;
    expect((await experts[0].client.get(`/api/expert-assignments/${others[0].id}`)).status).toBe(404);
    // The office tops the proposal up again; the conflicted expert is not picked twice.
    const refill = await officer.post(`/api/calls/${callId}/assignments/auto`);
    expect(refill.body.assigned).toBe(1);
  });
});

describe('blind scoring and aggregation', () => {
  const sheets: Record<number, [number, number, number, number][]> = {
    // 74, 80 and 64 points: mean 218/3.
    0: [[5, 4, 3, 2], [4, 4, 4, 4], [3, 3, 3, 4]],
    // 100, 80 and 40 points: mean 220/3, divergence 60 flags moderation.
    1: [[5, 5, 5, 5], [5, 5, 5, 0], [2, 2, 2, 2]],
    // 60, 60 and 54 points: mean 58, below the threshold of 60.
    2: [[3, 3, 3, 3], [3, 3, 3, 3], [2, 3, 3, 3]],
  };

  async function assignmentsOf(proposalId: string) {
    const found: { expert: Person; id: string }[] = [];
    for (const expert of [...experts, conflictedExpert]) {
      const items = (await expert.client.get('/api/expert-assignments')).body.items as { id: string; status: string; proposal: { id: string } }[];
      for (const item of items) if (item.proposal.id === proposalId && item.status !== 'conflict') found.push({ expert, id: item.id });
    }
    return found;
  }

  it('hides scores from other experts and from the office until every assigned expert has submitted', async () => {
    const assigned = await assignmentsOf(proposals[0]);
    expect(assigned).toHaveLength(3);
    for (const [index, { expert, id }] of assigned.entries()) {
      await expert.client.post(`/api/expert-assignments/${id}/declaration`, { conflict: false });
      const scored = await expert.client.post(`/api/expert-assignments/${id}/scores`, scoreSheet(sheets[0][index]));
      expect(scored.status).toBe(200);
      if (index < 2) {
        expect(scored.body.otherScores).toBeNull();
        const results = await officer.get(`/api/calls/${callId}/results`);
        const item = results.body.items.find((row: { proposal: { id: string } }) => row.proposal.id === proposals[0]);
        expect(item).toMatchObject({ complete: false, score: null, perCriterion: null });
      } else {
        expect(scored.body.otherScores).toHaveLength(2);
        expect(JSON.stringify(scored.body.otherScores)).not.toMatch(/Expert@|Aigerim|Bolat|Dana|Yerlan|Aaron/);
      }
    }
    const again = await assigned[0].expert.client.post(`/api/expert-assignments/${assigned[0].id}/scores`, scoreSheet([0, 0, 0, 0]));
    expect(again.body.error.code).toBe('calls.already_scored');
  });

  it('refuses scores off the scale or without a comment', async () => {
    const [{ expert, id }] = await assignmentsOf(proposals[1]);
    await expert.client.post(`/api/expert-assignments/${id}/declaration`, { conflict: false });
    const offScale = await expert.client.post(`/api/expert-assignments/${id}/scores`, scoreSheet([6, 3, 3, 3]));
    expect([offScale.status, offScale.body.error.code]).toEqual([400, 'calls.scores_invalid']);
    const noComment = scoreSheet([3, 3, 3, 3]);
    noComment.scores[0].comment = '   ';
    expect((await expert.client.post(`/api/expert-assignments/${id}/scores`, noComment)).body.error.details).toEqual([{ path: '/scores/0/comment', message: 'is required' }]);
  });

  it('ranks by the exact weighted mean, flags divergent scores and exports the table as CSV', async () => {
    for (const index of [1, 2]) {
      for (const [position, { expert, id }] of (await assignmentsOf(proposals[index])).entries()) {
        await expert.client.post(`/api/expert-assignments/${id}/declaration`, { conflict: false });
        expect((await expert.client.post(`/api/expert-assignments/${id}/scores`, scoreSheet(sheets[index][position]))).status).toBe(200);
      }
    }
    const results = (await officer.get(`/api/calls/${callId}/results`)).body;
    const byId = (id: string) => results.items.find((item: { proposal: { id: string } }) => item.proposal.id === id);
    expect(byId(proposals[0])).toMatchObject({ complete: true, score: 72.67, scoreExact: '218/3', divergence: 16, flaggedForModeration: false, passesThreshold: true });
    expect(byId(proposals[1])).toMatchObject({ score: 73.33, scoreExact: '220/3', divergence: 60, flaggedForModeration: true });
    expect(byId(proposals[2])).toMatchObject({ score: 58, scoreExact: '58', passesThreshold: false });
    expect(results.items.map((item: { proposal: { id: string }; rank: number }) => [item.proposal.id, item.rank])).toEqual([[proposals[1], 1], [proposals[0], 2], [proposals[2], 3]]);
    const csv = await officer.get(`/api/calls/${callId}/results.csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = (csv.body as string).trim().split('\r\n');
    expect(lines[0]).toMatch(/^rank,proposal_id,title,institute,total_budget_kzt,experts_scored,score,score_exact,mean_scientific_merit/);
    expect(lines[2]).toContain(',72.67,218/3,');
  });
});

describe('the council', () => {
  it('cannot sit before it is formed, then takes members and a chair', async () => {
    expect((await officer.post(`/api/calls/${callId}/status`, { status: 'scoring' })).status).toBe(200);
    expect((await officer.post(`/api/calls/${callId}/status`, { status: 'council' })).body.error.code).toBe('calls.council_missing');
    const formed = await officer.put(`/api/calls/${callId}/council`, { memberEmails: council.map((member) => member.email), chairEmail: council[0].email });
    expect(formed.status).toBe(200);
    expect(formed.body.members.filter((member: { chair: boolean }) => member.chair)).toHaveLength(1);
    expect((await officer.post(`/api/calls/${callId}/status`, { status: 'council' })).body.status).toBe('council');
  });

  it('records a tied member as abstaining on their institute\'s proposal and refuses their vote', async () => {
    const view = await council[4].client.get(`/api/calls/${callId}/council`);
    const ballot = view.body.ballots.find((row: { proposalId: string }) => row.proposalId === proposals[1]);
    expect(ballot.votes).toEqual([expect.objectContaining({ userId: council[4].id, vote: 'conflict' })]);
    const response = await council[4].client.post(`/api/calls/${callId}/council/votes`, { proposalId: proposals[1], vote: 'for' });
    expect(response.body.error.code).toBe('calls.council_conflict');
    expect((await experts[1].client.post(`/api/calls/${callId}/council/votes`, { proposalId: proposals[1], vote: 'for' })).status).toBe(403);
  });

  it('without a quorum there is no decision to record', async () => {
    await council[0].client.post(`/api/calls/${callId}/council/votes`, { proposalId: proposals[0], vote: 'for' });
    await council[1].client.post(`/api/calls/${callId}/council/votes`, { proposalId: proposals[0], vote: 'for' });
    const response = await officer.post(`/api/calls/${callId}/outcomes`, { proposalId: proposals[0], rationale: 'Strong flowsheet.' });
    expect([response.status, response.body.error.code]).toEqual([409, 'calls.no_decision']);
  });

  it('exactly two thirds of the votes cast funds the proposal and makes a partnership under standard terms', async () => {
    const vote = await council[2].client.post(`/api/calls/${callId}/council/votes`, { proposalId: proposals[0], vote: 'against' });
    expect(vote.body.ballots.find((row: { proposalId: string }) => row.proposalId === proposals[0]).tally).toMatchObject({ for: 2, against: 1, quorum: true, decision: 'funded' });
    const outcome = await officer.post(`/api/calls/${callId}/outcomes`, { proposalId: proposals[0], rationale: 'Strong flowsheet, realistic pilot.' });
    expect(outcome.status).toBe(200);
    expect(outcome.body.outcome).toMatchObject({ funded: true, amountKzt: 120_000_000 });
    const [partnership] = await ctx.db.select().from(partnerships).where(eq(partnerships.proposalId, proposals[0]));
    expect(partnership).toMatchObject({ callId, termsVersion: 1, id: outcome.body.outcome.partnershipId });
    expect((await institutes[0].client.get(`/api/proposals/${proposals[0]}`)).body.status).toBe('agreed');
    // Decided: no more votes on it.
    expect((await council[3].client.post(`/api/calls/${callId}/council/votes`, { proposalId: proposals[0], vote: 'for' })).body.error.code).toBe('calls.outcome_recorded');
  });

  it('one vote short of two thirds is not funded', async () => {
    for (const [index, choice] of (['for', 'for', 'against', 'against'] as const).entries()) {
      await council[index].client.post(`/api/calls/${callId}/council/votes`, { proposalId: proposals[1], vote: choice });
    }
    const outcome = await officer.post(`/api/calls/${callId}/outcomes`, { proposalId: proposals[1], rationale: 'Experts diverged; pilot plan unconvincing.' });
    expect(outcome.body.tally).toMatchObject({ for: 2, against: 2, conflict: 1, quorum: true, decision: 'not_funded' });
    expect(outcome.body.outcome).toMatchObject({ funded: false, amountKzt: null });
    expect((await institutes[1].client.get(`/api/proposals/${proposals[1]}`)).body).toMatchObject({ status: 'declined', declineNote: 'Experts diverged; pilot plan unconvincing.' });
  });

  it('decides the call once every proposal has its outcome, with every vote in the audit log', async () => {
    for (const member of council.slice(0, 4)) await member.client.post(`/api/calls/${callId}/council/votes`, { proposalId: proposals[2], vote: 'against' });
    await officer.post(`/api/calls/${callId}/outcomes`, { proposalId: proposals[2], rationale: 'Below the expert threshold.' });
    const publicView = await ctx.app.inject({ method: 'GET', url: `/api/public/calls/${callId}` });
    expect(publicView.json()).toMatchObject({ status: 'decided', funded: [{ proposalId: proposals[0], amountKzt: 120_000_000, tally: { for: 2, against: 1 } }] });
    const votes = await ctx.db.select().from(auditLog).where(eq(auditLog.action, 'council.vote'));
    // 2 + 1 on the first, 4 on the second plus the automatic conflict, 4 on the third.
    expect(votes).toHaveLength(12);
  });
});

describe('every proposer hears the outcome', () => {
  it('notifies every institute and shows the experts\' comments, anonymised, on the proposal', async () => {
    for (const [index, institute] of institutes.entries()) {
      const notifications = (await institute.client.get('/api/notifications')).body.items.filter((item: { kind: string }) => item.kind === 'call_outcome');
      expect(notifications).toHaveLength(1);
      expect(notifications[0].payload.reason).toMatchObject({ kind: 'call', proposalId: proposals[index], outcome: index === 0 ? 'funded' : 'not_funded' });
      const feedback = await institute.client.get(`/api/proposals/${proposals[index]}/call-feedback`);
      expect(feedback.status).toBe(200);
      // The proposal page asks for call feedback only when the proposal names its call.
      expect((await institute.client.get(`/api/proposals/${proposals[index]}`)).body.callId).toBe(callId);
      expect(feedback.body.reviews).toHaveLength(3);
      expect(feedback.body.reviews.map((review: { expert: string }) => review.expert)).toEqual(['A', 'B', 'C']);
      expect(feedback.body.reviews[0].scores[0].comment).toContain('Reasoned comment');
      expect(JSON.stringify(feedback.body)).not.toMatch(/Aigerim|Bolat|Dana|Yerlan|Aaron|person-/);
    }
    // Another institute does not see someone else's feedback.
    expect((await institutes[1].client.get(`/api/proposals/${proposals[0]}/call-feedback`)).status).toBe(404);
  });
});

describe('a proposal the council funds for negotiation', () => {
  it('opens a room for the enterprise once the outcome is recorded, and not before', async () => {
    // The outcome a negotiation-mode call records (funded, the proposal shortlisted for a room),
    // written directly: this file's call runs under standard terms.
    await ctx.db.update(callOutcomes).set({ funded: true, amountKzt: 90_000_000 }).where(eq(callOutcomes.proposalId, proposals[2]));
    await ctx.db.update(proposalsTable).set({ status: 'shortlisted' }).where(eq(proposalsTable.id, proposals[2]));
    const room = await enterprise.client.post(`/api/proposals/${proposals[2]}/negotiation`);
    expect(room.status).toBe(201);
    expect((await institutes[2].client.get(`/api/proposals/${proposals[2]}`)).body.status).toBe('in_negotiation');
  });
});
