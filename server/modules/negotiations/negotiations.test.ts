// The negotiation REST API in-process: opening a room, listing with unread counts, paging history,
// REST writes, the audit log and notifications for members who are not in the room.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestContext, type TestContext } from '../../../tests/helpers/test-app.ts';
import { proposalBody, publishableTaskBody, signUp, type TestClient } from '../../../tests/helpers/test-client.ts';
import { auditLog } from '../audit/audit.table.ts';

let ctx: TestContext;
let enterprise: TestClient;
let institute: TestClient;
let stranger: TestClient;
let taskId: string;

async function submittedProposal() {
  const created = await institute.post(`/api/tasks/${taskId}/proposals`, proposalBody({ submit: true }));
  expect(created.status).toBe(201);
  return created.body.id as string;
}

async function openRoom() {
  const proposalId = await submittedProposal();
  const opened = await enterprise.post(`/api/proposals/${proposalId}/negotiation`);
  expect(opened.status).toBe(201);
  return { proposalId, negotiationId: opened.body.negotiationId as string };
}

beforeAll(async () => {
  ctx = await createTestContext();
  enterprise = (await signUp(ctx.app, 'enterprise')).client;
  institute = (await signUp(ctx.app, 'institute')).client;
  stranger = (await signUp(ctx.app, 'enterprise')).client;
  taskId = (await enterprise.post('/api/tasks', publishableTaskBody())).body.id;
  expect((await enterprise.post(`/api/tasks/${taskId}/status`, { status: 'published' })).status).toBe(200);
});
afterAll(() => ctx.close());

describe('POST /api/proposals/:id/negotiation', () => {
  it("the task's enterprise opens one room per proposal; repeating it answers the same room", async () => {
    const proposalId = await submittedProposal();
    const first = await enterprise.post(`/api/proposals/${proposalId}/negotiation`);
    const again = await enterprise.post(`/api/proposals/${proposalId}/negotiation`);
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.negotiationId).toBe(first.body.negotiationId);
    expect((await institute.get(`/api/proposals/${proposalId}`)).body.status).toBe('in_negotiation');

    const events = await institute.get(`/api/negotiations/${first.body.negotiationId}/events`);
    expect(events.body.items).toEqual([expect.objectContaining({ seq: 1, kind: 'opened', authorId: null, payload: expect.objectContaining({ version: 1, proposalId }) })]);
    const terms = events.body.items[0].payload.terms;
    expect(terms).toMatchObject({ totalBudgetKzt: 120_000_000, ipModel: 'institute_owns_nonexclusive_licence', publicationDelayDays: 90, confidentialityYears: 3 });
    expect(terms.milestones.map((milestone: { amountKzt: number }) => milestone.amountKzt)).toEqual([60_000_000, 60_000_000]);
    const audit = await ctx.db.select().from(auditLog).where(and(eq(auditLog.entityType, 'negotiation'), eq(auditLog.entityId, first.body.negotiationId)));
    expect(audit.map((row) => row.action)).toEqual(['negotiation.open']);
  });

  it('the institute may not open it (403), a stranger organisation does not see the proposal (404)', async () => {
    const proposalId = await submittedProposal();
    expect((await institute.post(`/api/proposals/${proposalId}/negotiation`)).status).toBe(403);
    expect((await stranger.post(`/api/proposals/${proposalId}/negotiation`)).status).toBe(404);
  });

  it('a declined proposal cannot be negotiated (409 negotiations.cannot_open)', async () => {
    const proposalId = await submittedProposal();
    await enterprise.post(`/api/proposals/${proposalId}/decline`, { reasonCode: 'already_solved' });
    const refused = await enterprise.post(`/api/proposals/${proposalId}/negotiation`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('negotiations.cannot_open');
  });
});

describe('reading rooms', () => {
  it('lists the caller organisation’s rooms with unread counts per person and in total', async () => {
    const { negotiationId } = await openRoom();
    await enterprise.post(`/api/negotiations/${negotiationId}/messages`, { clientMsgId: 'hello', text: 'Добрый день!' });
    const forInstitute = await institute.get('/api/negotiations?mine=true');
    const room = forInstitute.body.items.find((item: { id: string }) => item.id === negotiationId);
    // The opening and the message are news to the institute; the enterprise wrote both.
    expect(room).toMatchObject({ status: 'open', side: 'institute', unread: 2, lastSeq: 2, latestVersion: 1, accepted: { enterprise: null, institute: null }, partnershipId: null });
    expect(forInstitute.body.totalUnread).toBe(forInstitute.body.items.reduce((total: number, item: { unread: number }) => total + item.unread, 0));
    const forEnterprise = await enterprise.get(`/api/negotiations/${negotiationId}`);
    expect(forEnterprise.body).toMatchObject({ side: 'enterprise', unread: 0 });
    expect((await stranger.get('/api/negotiations?mine=true')).body).toEqual({ items: [], totalUnread: 0 });
    expect((await stranger.get(`/api/negotiations/${negotiationId}`)).status).toBe(404);

    const read = await institute.post(`/api/negotiations/${negotiationId}/read`, { seq: 2 });
    expect(read.body).toEqual({ unread: 0 });
    // A stale marker never un-reads.
    expect((await institute.post(`/api/negotiations/${negotiationId}/read`, { seq: 1 })).body).toEqual({ unread: 0 });
  });

  it('pages the history forwards from afterSeq and backwards from beforeSeq, each page in seq order', async () => {
    const { negotiationId } = await openRoom();
    for (let index = 0; index < 9; index++) await institute.post(`/api/negotiations/${negotiationId}/messages`, { clientMsgId: `p-${index}`, text: `Message ${index}` });
    const first = await enterprise.get(`/api/negotiations/${negotiationId}/events?afterSeq=0&limit=4`);
    expect(first.body).toMatchObject({ lastSeq: 10, hasMore: true });
    expect(first.body.items.map((event: { seq: number }) => event.seq)).toEqual([1, 2, 3, 4]);
    const last = await enterprise.get(`/api/negotiations/${negotiationId}/events?afterSeq=8&limit=4`);
    expect(last.body.items.map((event: { seq: number }) => event.seq)).toEqual([9, 10]);
    expect(last.body.hasMore).toBe(false);
    const back = await enterprise.get(`/api/negotiations/${negotiationId}/events?beforeSeq=10&limit=4`);
    expect(back.body.items.map((event: { seq: number }) => event.seq)).toEqual([6, 7, 8, 9]);
    expect(back.body.hasMore).toBe(true);
    const oldest = await enterprise.get(`/api/negotiations/${negotiationId}/events?beforeSeq=3&limit=4`);
    expect(oldest.body.items.map((event: { seq: number }) => event.seq)).toEqual([1, 2]);
    expect(oldest.body.hasMore).toBe(false);
    // Seqs are 32-bit in the database: a larger number is refused as input, never a database error.
    for (const query of ['afterSeq=2147483648', 'beforeSeq=9007199254740993']) {
      expect((await enterprise.get(`/api/negotiations/${negotiationId}/events?${query}`)).status).toBe(400);
    }
    expect((await enterprise.post(`/api/negotiations/${negotiationId}/read`, { seq: 2147483648 })).status).toBe(400);
    expect((await enterprise.post(`/api/negotiations/${negotiationId}/accept`, { clientMsgId: 'huge-version', version: 1e20 })).status).toBe(400);
  });
});

describe('REST writes mirror the socket frames', () => {
  it('a repeated clientMsgId answers the original seq with created: false', async () => {
    const { negotiationId } = await openRoom();
    const first = await institute.post(`/api/negotiations/${negotiationId}/messages`, { clientMsgId: 'same', text: 'Once' });
    const again = await institute.post(`/api/negotiations/${negotiationId}/messages`, { clientMsgId: 'same', text: 'Once' });
    expect(first.body).toEqual({ negotiationId, clientMsgId: 'same', seq: 2, created: true });
    expect(again.body).toEqual({ negotiationId, clientMsgId: 'same', seq: 2, created: false });
    // The same clientMsgId from the other side is a different message.
    expect((await enterprise.post(`/api/negotiations/${negotiationId}/messages`, { clientMsgId: 'same', text: 'Mine' })).body).toMatchObject({ seq: 3, created: true });
  });

  it('offers and accepts are written to the audit log with the room', async () => {
    const { negotiationId } = await openRoom();
    const terms = (await enterprise.get(`/api/negotiations/${negotiationId}`)).body.latestTerms;
    expect((await enterprise.post(`/api/negotiations/${negotiationId}/offers`, { clientMsgId: 'o', terms: { ...terms, publicationDelayDays: 180 } })).status).toBe(200);
    const stale = await institute.post(`/api/negotiations/${negotiationId}/accept`, { clientMsgId: 'a1', version: 1 });
    expect([stale.status, stale.body.error.code]).toEqual([409, 'negotiations.stale_version']);
    expect((await institute.post(`/api/negotiations/${negotiationId}/accept`, { clientMsgId: 'a2', version: 2 })).status).toBe(200);
    const audit = await ctx.db.select().from(auditLog).where(and(eq(auditLog.entityType, 'negotiation'), eq(auditLog.entityId, negotiationId)));
    expect(audit.map((row) => row.action).sort()).toEqual(['negotiation.accept', 'negotiation.offer', 'negotiation.open']);
    expect(audit.find((row) => row.action === 'negotiation.offer')?.changes).toMatchObject({ version: 2, side: 'enterprise', diff: [{ field: '/publicationDelayDays', before: 90, after: 180 }] });
  });
});

describe('notifications for members who are not in the room', () => {
  it('one notification per room while unread; renewed by activity after it was read', async () => {
    const { negotiationId } = await openRoom();
    // The live push (to the person's open tabs) is the same notification the list shows.
    const instituteUserId = (await institute.get('/api/auth/session')).body.user.id as string;
    const pushed: unknown[] = [];
    // Only this room's: the person may meanwhile get others (a task alert, say).
    const stopListening = ctx.app.alerts.hub.subscribe(instituteUserId, (live) => live.subjectId === negotiationId && pushed.push(live));
    await enterprise.post(`/api/negotiations/${negotiationId}/messages`, { clientMsgId: 'n1', text: 'Первое' });
    await enterprise.post(`/api/negotiations/${negotiationId}/messages`, { clientMsgId: 'n2', text: 'Второе' });
    const ofRoom = async () => (await institute.get('/api/notifications?pageSize=100')).body.items.filter((item: { subjectId: string }) => item.subjectId === negotiationId);
    await expect.poll(ofRoom, { timeout: 20_000, interval: 500 }).toHaveLength(1);
    const [notification] = await ofRoom();
    expect(notification).toMatchObject({ kind: 'negotiation_activity', readAt: null, payload: { link: `/negotiations/${negotiationId}`, reason: { kind: 'negotiation', event: 'message', negotiationId } } });
    await expect.poll(() => pushed.length).toBe(1);
    expect(pushed[0]).toEqual(notification);
    stopListening();
    // The author is not told about their own message.
    expect((await enterprise.get('/api/notifications?pageSize=100')).body.items.some((item: { subjectId: string }) => item.subjectId === negotiationId)).toBe(false);

    await institute.post(`/api/notifications/${notification.id}/read`);
    const terms = (await enterprise.get(`/api/negotiations/${negotiationId}`)).body.latestTerms;
    await enterprise.post(`/api/negotiations/${negotiationId}/offers`, { clientMsgId: 'n3', terms: { ...terms, confidentialityYears: 5 } });
    await expect.poll(async () => (await ofRoom())[0]?.readAt, { timeout: 20_000, interval: 500 }).toBeNull();
    expect((await ofRoom())[0].payload.reason.event).toBe('offer');
  });
});
