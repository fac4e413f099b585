// A proposal leaving its negotiation through the proposals API ends the room at once, in the same
// transaction, and subscribers get the `ended` event live, over real WebSockets, on either database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { buildApp, type App } from '../../app.ts';
import { createTestContext, type TestContext } from '../../../tests/helpers/test-app.ts';
import { connectRoomSocket, createNegotiation, signUpParty, type Party, type RoomSocket } from '../../../tests/helpers/negotiation.ts';
import type { ServerFrame } from '../../../shared/schemas/negotiations.ts';
import { auditLog } from '../audit/audit.table.ts';

let ctx: TestContext;
let baseUrl: string;
let enterprise: Party;
let institute: Party;
const sockets: RoomSocket[] = [];

async function connect(party: Party) {
  const socket = await connectRoomSocket(baseUrl, { cookie: party.cookie });
  sockets.push(socket);
  return socket;
}

type EventFrame = Extract<ServerFrame, { type: 'event' }>;
const endedIn = (negotiationId: string) => (frame: ServerFrame) => frame.type === 'event' && frame.negotiationId === negotiationId && frame.kind === 'ended';

/** An open room with both parties subscribed to it after its `opened` event. */
async function subscribedRoom() {
  const room = await createNegotiation(ctx.app, baseUrl, { enterprise, institute });
  const enterpriseSocket = await connect(enterprise);
  const instituteSocket = await connect(institute);
  expect(await enterpriseSocket.subscribe(room.negotiationId, 0)).toMatchObject({ type: 'subscribed', lastSeq: 1 });
  expect(await instituteSocket.subscribe(room.negotiationId, 0)).toMatchObject({ type: 'subscribed', lastSeq: 1 });
  return { ...room, enterpriseSocket, instituteSocket };
}

beforeAll(async () => {
  ctx = await createTestContext();
  baseUrl = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  enterprise = await signUpParty(ctx.app, baseUrl, 'enterprise');
  institute = await signUpParty(ctx.app, baseUrl, 'institute');
});
afterAll(async () => {
  for (const socket of sockets) socket.socket.terminate();
  await ctx.close();
});

describe(`a proposal leaving the negotiation ends its room live (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('the institute withdraws through the proposals API: both sides get `ended` at once, the room is ended without another write', async () => {
    const room = await subscribedRoom();
    const withdrawn = await institute.client.post(`/api/proposals/${room.proposalId}/withdraw`, { note: 'The pilot plant is booked.' });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.status).toBe('withdrawn');

    for (const socket of [room.enterpriseSocket, room.instituteSocket]) {
      const ended = await socket.waitFor<EventFrame>(endedIn(room.negotiationId));
      expect(ended).toMatchObject({ seq: 2, authorId: null, clientMsgId: null, payload: { reason: 'proposal_withdrawn' } });
    }
    // Ended in the withdrawal's own transaction: no later write was needed to close it.
    const after = await enterprise.client.get(`/api/negotiations/${room.negotiationId}`);
    expect(after.body).toMatchObject({ status: 'ended', lastSeq: 2 });
    const audit = await ctx.db.select().from(auditLog).where(and(eq(auditLog.entityId, room.negotiationId), eq(auditLog.action, 'negotiation.end')));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorUserId: institute.userId, organisationId: institute.organisationId, changes: { reason: 'proposal_withdrawn', proposalId: room.proposalId } });

    // A write after it is refused and appends nothing: `ended` stays the last event, once.
    const from = room.enterpriseSocket.frames.length;
    room.enterpriseSocket.send({ type: 'message', negotiationId: room.negotiationId, clientMsgId: 'late', text: 'Hello?' });
    expect(await room.enterpriseSocket.waitFor((frame) => frame.type === 'error' && frame.clientMsgId === 'late', 15_000, from)).toMatchObject({ code: 'closed' });
    const history = await enterprise.client.get(`/api/negotiations/${room.negotiationId}/events?afterSeq=0`);
    expect(history.body.items.map((event: { seq: number; kind: string }) => [event.seq, event.kind])).toEqual([[1, 'opened'], [2, 'ended']]);
    expect(room.enterpriseSocket.events(room.negotiationId).filter((event) => event.kind === 'ended')).toHaveLength(1);
  });

  it('the enterprise declines through the proposals API: `ended` with the decline as its reason reaches the institute live', async () => {
    const room = await subscribedRoom();
    // A message first, so the ending takes the next seq after a member's write.
    room.instituteSocket.send({ type: 'message', negotiationId: room.negotiationId, clientMsgId: 'm-1', text: 'Готовы начать в марте.' });
    await room.enterpriseSocket.waitFor((frame) => frame.type === 'event' && frame.negotiationId === room.negotiationId && frame.seq === 2);

    const declined = await enterprise.client.post(`/api/proposals/${room.proposalId}/decline`, { reasonCode: 'other', note: 'Бюджет заморожен.' });
    expect(declined.status).toBe(200);
    const ended = await room.instituteSocket.waitFor<EventFrame>(endedIn(room.negotiationId));
    expect(ended).toMatchObject({ seq: 3, payload: { reason: 'proposal_declined' } });
    expect((await institute.client.get(`/api/negotiations/${room.negotiationId}`)).body.status).toBe('ended');
  });

  it('a withdrawal refused by the proposal rules leaves the room open and says nothing to its members', async () => {
    const room = await subscribedRoom();
    // The enterprise cannot withdraw the institute's proposal: 403, nothing changes.
    expect((await enterprise.client.post(`/api/proposals/${room.proposalId}/withdraw`, { note: 'Not ours to withdraw.' })).status).toBe(403);
    // A message after it is the room's next event (seq 2), so no `ended` came before it.
    room.instituteSocket.send({ type: 'message', negotiationId: room.negotiationId, clientMsgId: 'still-open', text: 'Продолжаем.' });
    const next = await room.enterpriseSocket.waitFor<EventFrame>((frame) => frame.type === 'event' && frame.negotiationId === room.negotiationId && frame.seq === 2);
    expect(next.kind).toBe('message');
    expect((await enterprise.client.get(`/api/negotiations/${room.negotiationId}`)).body.status).toBe('open');
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('across server processes on one PostgreSQL', () => {
  let second: App;
  let secondUrl: string;
  beforeAll(async () => {
    second = await buildApp(ctx.config, { database: ctx.testDatabase.database, indexInBackground: false });
    await second.ready();
    secondUrl = await second.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(() => second.close());

  it('a withdrawal made on one process reaches a subscriber of the other through NOTIFY', async () => {
    const room = await createNegotiation(ctx.app, baseUrl, { enterprise, institute });
    const elsewhere = await connectRoomSocket(secondUrl, { cookie: enterprise.cookie });
    sockets.push(elsewhere);
    expect(await elsewhere.subscribe(room.negotiationId, 1)).toMatchObject({ type: 'subscribed', lastSeq: 1 });
    expect((await institute.client.post(`/api/proposals/${room.proposalId}/withdraw`, { note: 'Другой подрядчик.' })).status).toBe(200);
    expect(await elsewhere.waitFor<EventFrame>(endedIn(room.negotiationId))).toMatchObject({ seq: 2, payload: { reason: 'proposal_withdrawn' } });
  });
});
