// The room protocol over real WebSockets to the app listening on a real port (docs/negotiation-protocol.md).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../tests/helpers/test-app.ts';
import { connectRoomSocket, createNegotiation, type RoomSocket } from '../../../tests/helpers/negotiation.ts';
import { CLIENT_WRITE_RATE, MAX_CLIENT_FRAME_BYTES, type ServerFrame } from '../../../shared/schemas/negotiations.ts';

let ctx: TestContext;
let baseUrl: string;
let room: Awaited<ReturnType<typeof createNegotiation>>;
const sockets: RoomSocket[] = [];

async function connect(cookie: string) {
  const socket = await connectRoomSocket(baseUrl, { cookie });
  sockets.push(socket);
  return socket;
}

const isError = (code: string) => (frame: ServerFrame) => frame.type === 'error' && frame.code === code;

beforeAll(async () => {
  ctx = await createTestContext();
  baseUrl = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  room = await createNegotiation(ctx.app, baseUrl);
});
afterAll(async () => {
  for (const socket of sockets) socket.socket.terminate();
  await ctx.close();
});

describe('subscribe, write, ack and fan-out', () => {
  it('a subscribe replays the history from the DB, then says subscribed with the last seq', async () => {
    const enterprise = await connect(room.enterprise.cookie);
    const subscribed = await enterprise.subscribe(room.negotiationId, 0);
    expect(subscribed).toEqual({ type: 'subscribed', negotiationId: room.negotiationId, lastSeq: 1 });
    const [opened] = enterprise.events(room.negotiationId);
    expect(opened).toMatchObject({ type: 'event', seq: 1, kind: 'opened', authorId: null, clientMsgId: null, payload: { proposalId: room.proposalId, version: 1 } });
    expect((opened.payload.terms as { totalBudgetKzt: number }).totalBudgetKzt).toBe(120_000_000);
  });

  it('a message is acknowledged with its seq and reaches the other side live, once, in order', async () => {
    const enterprise = await connect(room.enterprise.cookie);
    const institute = await connect(room.institute.cookie);
    await enterprise.subscribe(room.negotiationId, 1);
    await institute.subscribe(room.negotiationId, 1);

    institute.send({ type: 'message', negotiationId: room.negotiationId, clientMsgId: 'm-1', text: 'Можем начать в марте?' });
    const ack = await institute.waitFor((frame) => frame.type === 'ack');
    expect(ack).toEqual({ type: 'ack', negotiationId: room.negotiationId, clientMsgId: 'm-1', seq: 2 });
    const live = await enterprise.waitFor((frame) => frame.type === 'event' && frame.seq === 2);
    expect(live).toMatchObject({ kind: 'message', clientMsgId: 'm-1', authorId: room.institute.userId, payload: { text: 'Можем начать в марте?' } });
    await institute.waitFor((frame) => frame.type === 'event' && frame.seq === 2);

    const history = await room.enterprise.client.get(`/api/negotiations/${room.negotiationId}/events?afterSeq=0`);
    expect(history.status).toBe(200);
    expect(history.body.items.map((event: { seq: number; kind: string }) => [event.seq, event.kind])).toEqual([[1, 'opened'], [2, 'message']]);
    // The REST history carries the very event the socket delivered.
    const { type: _type, ...liveEvent } = live;
    expect(history.body.items[1]).toEqual(liveEvent);
  });

  it('resending a clientMsgId acknowledges the original seq and writes nothing', async () => {
    const institute = await connect(room.institute.cookie);
    const before = (await room.institute.client.get(`/api/negotiations/${room.negotiationId}`)).body.lastSeq;
    institute.send({ type: 'message', negotiationId: room.negotiationId, clientMsgId: 'm-1', text: 'Можем начать в марте?' });
    expect(await institute.waitFor((frame) => frame.type === 'ack')).toMatchObject({ clientMsgId: 'm-1', seq: 2 });
    expect((await room.institute.client.get(`/api/negotiations/${room.negotiationId}`)).body.lastSeq).toBe(before);
  });
});
