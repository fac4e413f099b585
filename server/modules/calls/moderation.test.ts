// The moderation round over HTTP: the office opens one on a flagged proposal during scoring, its
// experts see each other's scores by label and revise or confirm, the results keep before and after,
// and the council waits until no round is open. Blind scoring still holds before everyone submitted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestContext, type TestContext } from '../../../tests/helpers/test-app.ts';
import { createClient, proposalBody, publishableTaskBody, signUp, type TestClient } from '../../../tests/helpers/test-client.ts';
import { callBody, createPerson, createProgramOffice, passDeadline, scoreSheet } from '../../../tests/helpers/calls-fixtures.ts';
import { createTokensService } from '../tokens/tokens.service.ts';
import { auditLog } from '../audit/audit.table.ts';

let ctx: TestContext;
let office: Awaited<ReturnType<typeof createProgramOffice>>;
let officer: TestClient;
let stranger: TestClient;
let admin: TestClient;
let visitor: TestClient;
const institutes: Awaited<ReturnType<typeof signUp>>[] = [];
let callId: string;
/** A: flagged (100, 80 and 40 points), moderated by the experts. B: flagged, closed by the office. */
let proposalA: string;
let proposalB: string;
type Person = Awaited<ReturnType<typeof createPerson>>;
const experts: (Person & { registerId: string })[] = [];
const NAMES = ['Aigerim Expert', 'Bolat Expert', 'Dana Expert', 'Yerlan Expert', 'Zhanna Expert'];

async function assignmentOf(expert: Person, proposalId: string) {
  const items = (await expert.client.get('/api/expert-assignments')).body.items as { id: string; status: string; moderationDue: boolean; proposal: { id: string } }[];
  return items.find((item) => item.proposal.id === proposalId)!;
}

const resultOf = async (proposalId: string) =>
  (await officer.get(`/api/calls/${callId}/results`)).body.items.find((item: { proposal: { id: string } }) => item.proposal.id === proposalId);

const moderationUrl = (proposalId: string) => `/api/calls/${callId}/proposals/${proposalId}/moderation`;

beforeAll(async () => {
  ctx = await createTestContext({ signInRateLimit: 200 });
  office = await createProgramOffice(ctx.app, ctx.db);
  officer = office.officer.client;
  stranger = (await createProgramOffice(ctx.app, ctx.db, 'Akimat')).officer.client;
  const issued = await createTokensService({ db: ctx.db }).issueToken({ name: 'calls', role: 'admin', organisationId: null }, { userId: null, tokenId: null, label: 'test' }, null);
  admin = createClient(ctx.app, { bearer: issued.token });
  visitor = createClient(ctx.app);
  await visitor.session();
  const enterprise = await signUp(ctx.app, 'enterprise');
  const taskId = (await enterprise.client.post('/api/tasks', publishableTaskBody())).body.id;
  expect((await enterprise.client.post(`/api/tasks/${taskId}/status`, { status: 'published' })).status).toBe(200);
  for (let index = 0; index < 2; index += 1) institutes.push(await signUp(ctx.app, 'institute'));
  const reviewers = await signUp(ctx.app, 'institute');
  for (const name of NAMES) {
    const person = await createPerson(ctx.app, ctx.db, { name, organisationId: reviewers.session.organisation.id });
    const registered = await officer.post('/api/call-experts', { email: person.email, fields: ['metallurgy'], languages: ['ru', 'en'] });
    experts.push({ ...person, registerId: registered.body.id });
  }
  callId = (await officer.post('/api/calls', callBody({ taskIds: [taskId] }))).body.id;
  expect((await officer.post(`/api/calls/${callId}/status`, { status: 'open' })).status).toBe(200);
  proposalA = (await institutes[0].client.post(`/api/calls/${callId}/proposals`, proposalBody({ submit: true, title: 'Selenium by pressure leaching' }))).body.id;
  proposalB = (await institutes[1].client.post(`/api/calls/${callId}/proposals`, proposalBody({ submit: true, title: 'Selenium by soda roasting' }))).body.id;
  await passDeadline(ctx.db, callId);
  // A: experts 0, 1, 2, and 3 who declares a conflict. B: experts 3, 4 and 1.
  for (const [proposalId, indexes] of [[proposalA, [0, 1, 2, 3]], [proposalB, [3, 4, 1]]] as const) {
    for (const index of indexes) expect((await officer.post(`/api/calls/${callId}/assignments`, { proposalId, expertId: experts[index].registerId })).status).toBe(201);
  }
  const conflicted = await assignmentOf(experts[3], proposalA);
  expect((await experts[3].client.post(`/api/expert-assignments/${conflicted.id}/declaration`, { conflict: true, reason: 'Co-authored with the team' })).status).toBe(200);
}, 180_000);
afterAll(() => ctx.close());

async function score(expert: Person, proposalId: string, sheet: [number, number, number, number]) {
  const { id } = await assignmentOf(expert, proposalId);
  await expert.client.post(`/api/expert-assignments/${id}/declaration`, { conflict: false });
  const response = await expert.client.post(`/api/expert-assignments/${id}/scores`, scoreSheet(sheet));
  expect(response.status).toBe(200);
  return response.body;
}

describe('before every expert has submitted', () => {
  it('a round is held during scoring only', async () => {
    const early = await officer.post(moderationUrl(proposalA), { note: 'Too early' });
    expect([early.status, early.body.error.code]).toEqual([409, 'calls.invalid_transition']);
    expect((await officer.post(`/api/calls/${callId}/status`, { status: 'scoring' })).status).toBe(200);
  });

  it('nobody sees the others\' scores, and no round can open on the proposal', async () => {
    const first = await score(experts[0], proposalA, [5, 5, 5, 5]);
    expect(first).toMatchObject({ otherScores: null, moderation: null });
    expect(await resultOf(proposalA)).toMatchObject({ complete: false, score: null, divergence: null, flaggedForModeration: false, moderation: null });
    const refused = await officer.post(moderationUrl(proposalA), { note: 'Look again' });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'calls.not_flagged']);
    expect(refused.body.error.message).toMatch(/have not all submitted/);
    // Expert 1 has not scored A yet: nothing of expert 0's sheet reaches them.
    const pending = await assignmentOf(experts[1], proposalA);
    const view = (await experts[1].client.get(`/api/expert-assignments/${pending.id}`)).body;
    expect(view).toMatchObject({ otherScores: null, moderation: null });
    expect(JSON.stringify(view)).not.toContain('Reasoned comment');
  });
});

describe('opening a round', () => {
  beforeAll(async () => {
    await score(experts[1], proposalA, [5, 5, 5, 0]);
    await score(experts[2], proposalA, [2, 2, 2, 2]);
    for (const [index, sheet] of [[3, [5, 5, 5, 5]], [4, [0, 0, 0, 0]], [1, [3, 3, 3, 3]]] as const) await score(experts[index], proposalB, [...sheet]);
  });

  it('belongs to the call\'s office: visitors sign in, others meet a missing call, admins only read', async () => {
    const body = { note: 'Scores diverge by 60 points' };
    expect((await visitor.post(moderationUrl(proposalA), body)).status).toBe(401);
    expect((await institutes[0].client.post(moderationUrl(proposalA), body)).status).toBe(404);
    expect((await experts[0].client.post(moderationUrl(proposalA), body)).status).toBe(404);
    expect((await stranger.post(moderationUrl(proposalA), body)).status).toBe(404);
    expect((await admin.post(moderationUrl(proposalA), body)).status).toBe(403);
    expect((await officer.post(moderationUrl(proposalA), { ...body, surprise: true })).status).toBe(400);
    expect((await officer.post(moderationUrl(proposalA), {})).status).toBe(400);
    expect(await resultOf(proposalA)).toMatchObject({ moderation: null });
  });

  it('opens on a flagged proposal with a note, once', async () => {
    expect(await resultOf(proposalA)).toMatchObject({ divergence: 60, flaggedForModeration: true });
    const opened = await officer.post(moderationUrl(proposalA), { note: 'Team and budget scores range from 2 to 5: please look again.' });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ proposalId: proposalA, status: 'open', experts: 3, answers: [], divergenceBefore: 60, closedAt: null, closedBy: null });
    const again = await officer.post(moderationUrl(proposalA), { note: 'Once more' });
    expect([again.status, again.body.error.code]).toEqual([409, 'calls.moderation_open']);
    const [entry] = await ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'call.moderation_open'), eq(auditLog.entityId, proposalA)));
    expect(entry.changes).toMatchObject({ note: 'Team and budget scores range from 2 to 5: please look again.', divergence: 60 });
    expect(await resultOf(proposalA)).toMatchObject({ moderation: { status: 'open', divergenceBefore: 60 } });
  });

  it('shows the round to the proposal\'s experts with the others\' scores by label, never names', async () => {
    const mine = await assignmentOf(experts[0], proposalA);
    expect(mine.moderationDue).toBe(true);
    const view = (await experts[0].client.get(`/api/expert-assignments/${mine.id}`)).body;
    expect(view.moderation).toMatchObject({ status: 'open', me: 'A', note: 'Team and budget scores range from 2 to 5: please look again.', myAnswer: null });
    expect(view.otherScores.map((other: { expert: string }) => other.expert)).toEqual(['B', 'C']);
    expect(view.otherScores[1].scores.map((line: { score: number }) => line.score)).toEqual([2, 2, 2, 2]);
    expect(JSON.stringify(view.moderation)).not.toMatch(new RegExp(`${NAMES.join('|')}|person-`));
  });

  it('tells each of the proposal\'s experts, once, with the office\'s note and a link to their assignment', async () => {
    const roundNotices = async (expert: Person) =>
      (await expert.client.get('/api/notifications')).body.items.filter((item: { kind: string }) => item.kind === 'call_moderation');
    for (const expert of experts.slice(0, 3)) {
      const notices = await roundNotices(expert);
      expect(notices).toHaveLength(1);
      const mine = await assignmentOf(expert, proposalA);
      expect(notices[0].payload).toMatchObject({
        link: `/expert/${mine.id}`,
        reason: { kind: 'moderation', callId, proposalId: proposalA, proposalTitle: 'Selenium by pressure leaching', note: 'Team and budget scores range from 2 to 5: please look again.' },
      });
      // Blind as the round itself: no expert is named.
      expect(JSON.stringify(notices[0])).not.toMatch(new RegExp(NAMES.join('|')));
    }
    // Not the conflicted expert, not the experts of another proposal.
    for (const expert of experts.slice(3)) expect(await roundNotices(expert)).toEqual([]);
  });

  it('shows nothing of it to a conflicted expert, to experts of other proposals or to the proposer', async () => {
    const conflicted = await assignmentOf(experts[3], proposalA);
    expect(conflicted.moderationDue).toBe(false);
    const view = (await experts[3].client.get(`/api/expert-assignments/${conflicted.id}`)).body;
    expect(view).toMatchObject({ status: 'conflict', otherScores: null, moderation: null });
    expect((await experts[3].client.post(`/api/expert-assignments/${conflicted.id}/moderation`, { answer: 'confirm' })).status).toBe(404);
    const other = await assignmentOf(experts[4], proposalB);
    expect(other.moderationDue).toBe(false);
    expect((await experts[4].client.get(`/api/expert-assignments/${other.id}`)).body.moderation).toBeNull();
    // Someone else's assignment does not exist for them.
    const foreign = await assignmentOf(experts[0], proposalA);
    expect((await experts[4].client.post(`/api/expert-assignments/${foreign.id}/moderation`, { answer: 'confirm' })).status).toBe(404);
    expect((await experts[4].client.get(`/api/expert-assignments/${foreign.id}`)).status).toBe(404);
    expect((await institutes[0].client.get(`/api/calls/${callId}/results`)).status).toBe(404);
    expect((await institutes[0].client.get(`/api/proposals/${proposalA}/call-feedback`)).body.reviews).toEqual([]);
  });

  it('refuses the move to the council while a round is open, with a clear 409', async () => {
    const response = await officer.post(`/api/calls/${callId}/status`, { status: 'council' });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('calls.moderation_open');
    expect(response.body.error.message).toMatch(/moderation round is still open on 1 proposal\(s\): the call cannot go to the council/);
  });
});

describe('the experts answer', () => {
  it('a revision needs the whole sheet with comments; confirming takes none', async () => {
    const { id } = await assignmentOf(experts[2], proposalA);
    const url = `/api/expert-assignments/${id}/moderation`;
    expect((await experts[2].client.post(url, { answer: 'revise' })).body.error.details).toEqual([{ path: '/scores', message: 'is required when revising' }]);
    expect((await experts[2].client.post(url, { answer: 'confirm', ...scoreSheet([4, 4, 4, 4]) })).status).toBe(400);
    const noComment = scoreSheet([4, 4, 4, 4]);
    noComment.scores[2].comment = ' ';
    expect((await experts[2].client.post(url, { answer: 'revise', ...noComment })).body.error.code).toBe('calls.scores_invalid');
    expect((await experts[2].client.post(url, { answer: 'maybe' })).status).toBe(400);
  });

  it('an expert revises: the results use the new sheet, the audit log keeps both', async () => {
    const { id } = await assignmentOf(experts[2], proposalA);
    const revised = await experts[2].client.post(`/api/expert-assignments/${id}/moderation`, { answer: 'revise', ...scoreSheet([4, 4, 4, 4], 'Pilot data convinced me') });
    expect(revised.status).toBe(200);
    expect(revised.body.myScores.map((line: { score: number }) => line.score)).toEqual([4, 4, 4, 4]);
    expect(revised.body.moderation.myAnswer).toMatchObject({ answer: 'revised' });
    expect(revised.body.moderation.myAnswer.scoresBefore.map((line: { score: number }) => line.score)).toEqual([2, 2, 2, 2]);
    const again = await experts[2].client.post(`/api/expert-assignments/${id}/moderation`, { answer: 'confirm' });
    expect([again.status, again.body.error.code]).toEqual([409, 'calls.moderation_answered']);
    const [entry] = await ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'expert.moderation_revise'), eq(auditLog.entityId, id)));
    expect(entry.actorUserId).toBe(experts[2].id);
    const changes = entry.changes as { before: { score: number }[]; after: { score: number; comment: string }[] };
    expect(changes.before.map((line) => line.score)).toEqual([2, 2, 2, 2]);
    expect(changes.after.map((line) => line.score)).toEqual([4, 4, 4, 4]);
    expect(changes.after[0].comment).toContain('Pilot data convinced me');
    // 100, 80 and 80 points now: divergence 20, within the threshold of 25.
    expect(await resultOf(proposalA)).toMatchObject({ score: 86.67, divergence: 20, flaggedForModeration: false, moderation: { status: 'open', divergenceBefore: 60, answers: [{ expert: 'C', answer: 'revised' }] } });
  });

  it('the last answer closes the round; the others saw the revision', async () => {
    const first = await assignmentOf(experts[0], proposalA);
    const confirmed = await experts[0].client.post(`/api/expert-assignments/${first.id}/moderation`, { answer: 'confirm' });
    expect(confirmed.body.otherScores[1].scores.map((line: { score: number }) => line.score)).toEqual([4, 4, 4, 4]);
    expect(confirmed.body.myScores.map((line: { score: number }) => line.score)).toEqual([5, 5, 5, 5]);
    const last = await assignmentOf(experts[1], proposalA);
    const closed = await experts[1].client.post(`/api/expert-assignments/${last.id}/moderation`, { answer: 'confirm' });
    expect(closed.body.moderation).toMatchObject({ status: 'closed', myAnswer: { answer: 'confirmed' } });
    expect(await resultOf(proposalA)).toMatchObject({ moderation: { status: 'closed', closedBy: 'answers', experts: 3 } });
    expect((await officer.post(`${moderationUrl(proposalA)}/close`)).body.error.code).toBe('calls.moderation_closed');
    // No longer flagged: no new round.
    expect((await officer.post(moderationUrl(proposalA), { note: 'Again' })).body.error.code).toBe('calls.not_flagged');
  });
});

describe('the office closes a round', () => {
  it('only the call\'s office closes, before every expert has answered', async () => {
    expect((await officer.post(moderationUrl(proposalB), { note: 'Scores from 0 to 100: look again.' })).status).toBe(201);
    const answered = await assignmentOf(experts[4], proposalB);
    expect(answered.moderationDue).toBe(true);
    expect((await experts[4].client.post(`/api/expert-assignments/${answered.id}/moderation`, { answer: 'confirm' })).status).toBe(200);
    expect((await admin.post(`${moderationUrl(proposalB)}/close`)).status).toBe(403);
    expect((await stranger.post(`${moderationUrl(proposalB)}/close`)).status).toBe(404);
    expect((await experts[4].client.post(`${moderationUrl(proposalB)}/close`)).status).toBe(404);
    const closed = await officer.post(`${moderationUrl(proposalB)}/close`);
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', closedBy: 'manager', experts: 3, answers: [{ answer: 'confirmed' }], divergenceBefore: 100 });
    const late = await assignmentOf(experts[3], proposalB);
    expect(late.moderationDue).toBe(false);
    expect((await experts[3].client.post(`/api/expert-assignments/${late.id}/moderation`, { answer: 'confirm' })).body.error.code).toBe('calls.moderation_closed');
    const [entry] = await ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'call.moderation_close'), eq(auditLog.entityId, proposalB)));
    expect(entry.changes).toMatchObject({ by: 'manager', answered: 1, experts: 3 });
    expect(await resultOf(proposalB)).toMatchObject({ flaggedForModeration: true, divergence: 100 });
  });

  it('with no round open the call goes to the council, and no round opens there', async () => {
    const noCouncil = await officer.post(`/api/calls/${callId}/status`, { status: 'council' });
    expect(noCouncil.body.error.code).toBe('calls.council_missing');
    const chair = await createPerson(ctx.app, ctx.db, { name: 'Chair' });
    // A member from the first institute: tied to proposal A, so its moderation round stays hidden from them.
    const tied = await createPerson(ctx.app, ctx.db, { name: 'Member Tied', organisationId: institutes[0].session.organisation.id });
    expect((await officer.put(`/api/calls/${callId}/council`, { memberEmails: [chair.email, tied.email], chairEmail: chair.email })).status).toBe(200);
    expect((await officer.post(`/api/calls/${callId}/status`, { status: 'council' })).body.status).toBe('council');
    const tiedView = (await tied.client.get(`/api/calls/${callId}/results`)).body.items as { proposal: { id: string }; moderation: unknown }[];
    expect(tiedView.find((item) => item.proposal.id === proposalA)!.moderation).toBeNull();
    expect(tiedView.find((item) => item.proposal.id === proposalB)!.moderation).toMatchObject({ status: 'closed' });
    const [header, ...lines] = ((await tied.client.get(`/api/calls/${callId}/results.csv`)).body as string).trim().split('\r\n');
    const column = header.split(',').indexOf('moderation_round');
    const roundCell = (proposalId: string) => lines.find((line) => line.includes(proposalId))!.split(',')[column];
    expect([roundCell(proposalA), roundCell(proposalB)]).toEqual(['', 'closed']);
    const chairView = (await chair.client.get(`/api/calls/${callId}/results`)).body.items as { proposal: { id: string }; moderation: unknown }[];
    expect(chairView.find((item) => item.proposal.id === proposalA)!.moderation).toMatchObject({ status: 'closed' });
    const late = await officer.post(moderationUrl(proposalB), { note: 'After the fact' });
    expect([late.status, late.body.error.code]).toEqual([409, 'calls.invalid_transition']);
    const csv = (await officer.get(`/api/calls/${callId}/results.csv`)).body as string;
    expect(csv.split('\r\n')[0]).toContain(',divergence,moderation,moderation_round,divergence_before_moderation,');
  });
});
