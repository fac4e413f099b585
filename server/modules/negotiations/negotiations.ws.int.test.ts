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

describe('large events', () => {
  it('an event too large for one NOTIFY (8000 bytes) still arrives live: each process reads it from the database', async () => {
    const enterprise = await connect(room.enterprise.cookie);
    const institute = await connect(room.institute.cookie);
    await enterprise.subscribe(room.negotiationId, (await room.enterprise.client.get(`/api/negotiations/${room.negotiationId}`)).body.lastSeq);
    const text = 'Подробное обоснование этапа. '.repeat(270).slice(0, 7900);
    institute.send({ type: 'message', negotiationId: room.negotiationId, clientMsgId: 'long', text });
    const live = await enterprise.waitFor((frame) => frame.type === 'event' && frame.clientMsgId === 'long');
    expect(live.type === 'event' && live.payload.text).toBe(text);
  });
});

describe('every bad frame gets an error frame naming the problem, and the socket stays usable', () => {
  it('malformed JSON, an unknown type and a schema failure each answer their own code', async () => {
    const socket = await connect(room.institute.cookie);
    socket.send('{"type":"message",');
    expect(await socket.waitFor(isError('bad_json'))).toMatchObject({ type: 'error', code: 'bad_json', message: expect.stringContaining('not valid JSON') });
    socket.send({ type: 'shout', negotiationId: room.negotiationId });
    expect(await socket.waitFor(isError('unknown_type'))).toMatchObject({ negotiationId: room.negotiationId, message: expect.stringContaining('"shout"') });
    socket.send({ type: 'message', negotiationId: room.negotiationId, clientMsgId: 'no-text', sneaky: true });
    const invalid = await socket.waitFor(isError('invalid_frame'));
    expect(invalid).toMatchObject({ clientMsgId: 'no-text', details: { issues: expect.arrayContaining([{ path: '/text', message: expect.any(String) }, { path: '/sneaky', message: 'is not a field of this frame' }]) } });
    // Still open and still answering.
    socket.send({ type: 'message', negotiationId: room.negotiationId, clientMsgId: 'after-errors', text: 'Still here' });
    expect(await socket.waitFor((frame) => frame.type === 'ack' && frame.clientMsgId === 'after-errors')).toMatchObject({ type: 'ack' });
  });

  it('a frame over the protocol limit is refused with frame_too_large; one over the hard limit closes the socket (1009)', async () => {
    const socket = await connect(room.institute.cookie);
    socket.send(JSON.stringify({ type: 'message', negotiationId: room.negotiationId, clientMsgId: 'big', text: 'x'.repeat(MAX_CLIENT_FRAME_BYTES) }));
    expect(await socket.waitFor(isError('frame_too_large'))).toMatchObject({ details: { limit: MAX_CLIENT_FRAME_BYTES } });
    socket.send('x'.repeat(MAX_CLIENT_FRAME_BYTES * 2));
    expect((await socket.closed).code).toBe(1009);
  });

  it('a connection that sends faster than its budget gets rate_limited for the excess, and nothing of it is written', async () => {
    const socket = await connect(room.institute.cookie);
    // Far more than the burst, so a loaded machine that spreads their arrival over seconds still overflows it.
    const frames = CLIENT_WRITE_RATE.burst + 340;
    for (let index = 0; index < frames; index++) socket.send({ type: 'message', negotiationId: room.negotiationId, clientMsgId: `flood-${index}`, text: `Flood ${index}` });
    await socket.waitFor(isError('rate_limited'));
    await expect.poll(() => socket.frames.filter((frame) => frame.type === 'ack' || isError('rate_limited')(frame)).length, { timeout: 60_000 }).toBe(frames);
    const acked = socket.frames.filter((frame) => frame.type === 'ack').length;
    const limited = socket.frames.filter(isError('rate_limited'));
    expect(acked).toBeGreaterThanOrEqual(CLIENT_WRITE_RATE.burst);
    expect(acked).toBeLessThan(frames);
    expect(limited[0]).toMatchObject({ negotiationId: room.negotiationId, clientMsgId: expect.stringMatching(/^flood-/) });
    const history = await room.institute.client.get(`/api/negotiations/${room.negotiationId}/events?afterSeq=0&limit=500`);
    const written = history.body.items.filter((event: { clientMsgId: string | null }) => event.clientMsgId?.startsWith('flood-')).length;
    expect(written).toBe(acked);
  });
});

describe('replay then live, with no window between them', () => {
  it('events written while a subscriber replays arrive exactly once and in seq order', async () => {
    const writer = await connect(room.enterprise.cookie);
    for (let index = 0; index < 30; index++) writer.send({ type: 'message', negotiationId: room.negotiationId, clientMsgId: `before-${index}`, text: `Before ${index}` });
    await writer.waitFor((frame) => frame.type === 'ack' && frame.clientMsgId === 'before-29', 30_000);
    const reader = await connect(room.institute.cookie);
    // Subscribe from the start while more messages are being written.
    const subscribing = reader.subscribe(room.negotiationId, 0);
    for (let index = 0; index < 30; index++) writer.send({ type: 'message', negotiationId: room.negotiationId, clientMsgId: `during-${index}`, text: `During ${index}` });
    await subscribing;
    await writer.waitFor((frame) => frame.type === 'ack' && frame.clientMsgId === 'during-29', 30_000);
    const lastSeq = (await room.institute.client.get(`/api/negotiations/${room.negotiationId}`)).body.lastSeq;
    await expect.poll(() => reader.events(room.negotiationId).at(-1)?.seq, { timeout: 30_000 }).toBe(lastSeq);
    expect(reader.events(room.negotiationId).map((event) => event.seq)).toEqual(Array.from({ length: lastSeq }, (_, index) => index + 1));
  });

  it('subscribing after the last seen seq sends only the later events', async () => {
    const reader = await connect(room.institute.cookie);
    const lastSeq = (await room.institute.client.get(`/api/negotiations/${room.negotiationId}`)).body.lastSeq;
    const subscribed = await reader.subscribe(room.negotiationId, lastSeq - 2);
    expect(subscribed).toMatchObject({ lastSeq });
    expect(reader.events(room.negotiationId).map((event) => event.seq)).toEqual([lastSeq - 1, lastSeq]);
  });
});
