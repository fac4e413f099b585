// The client's own rules, against a scripted socket and fake timers (backoff is about time). Its
// behaviour against the real server is in tests/negotiation-client.int.test.ts and the fault tests.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backoffDelay } from './backoff.ts';
import { NegotiationClient, type WebSocketLike } from './client.ts';
import type { NegotiationEvent } from './frames.ts';
import type { NetworkStatus } from './network.ts';
import { createMemoryStorage } from './storage.ts';

const ROOM = '00000000-0000-4000-8000-000000000001';

class ScriptedSocket implements WebSocketLike {
  readyState = 0;
  sent: any[] = [];
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  constructor(readonly url: string) {}
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close(code = 1000) {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.onclose?.({ code, reason: '' });
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(frame: object) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code, reason: '' });
  }
  ofType(type: string) {
    return this.sent.filter((frame) => frame.type === type);
  }
}

function event(seq: number, extra: Partial<NegotiationEvent> = {}) {
  return { type: 'event', negotiationId: ROOM, seq, kind: 'message', clientMsgId: null, authorId: null, payload: { text: `#${seq}` }, createdAt: new Date().toISOString(), ...extra };
}

function setup(options: { storage?: ReturnType<typeof createMemoryStorage>; network?: NetworkStatus | null; maxInFlight?: number; writeRate?: { perSecond: number; burst: number } } = {}) {
  const sockets: ScriptedSocket[] = [];
  let ids = 0;
  const client = new NegotiationClient({
    url: 'ws://kopir.test/ws',
    createSocket: (url) => {
      const socket = new ScriptedSocket(url);
      sockets.push(socket);
      return socket;
    },
    storage: options.storage ?? createMemoryStorage(),
    storageKey: 'test',
    network: options.network ?? null,
    maxInFlight: options.maxInFlight,
    writeRate: options.writeRate,
    backoff: { random: () => 0.5 },
    newClientMsgId: () => `m${++ids}`,
  });
  const events: number[] = [];
  client.on('event', (value) => events.push(value.seq));
  return { client, sockets, events, last: () => sockets[sockets.length - 1] };
}

describe('reconnect delays', () => {
  it('grow exponentially from half a second to thirty seconds, with jitter inside each step', () => {
    const low = (attempt: number) => backoffDelay(attempt, { random: () => 0 });
    const high = (attempt: number) => backoffDelay(attempt, { random: () => 0.999999 });
    expect([0, 1, 2, 3].map(high)).toEqual([500, 1000, 2000, 4000]);
    expect([0, 1, 2, 3].map(low)).toEqual([250, 500, 1000, 2000]);
    expect(high(20)).toBe(30_000);
    expect(high(5000)).toBe(30_000);
    expect(low(20)).toBe(15_000);
  });
});

describe('the negotiation client', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('reconnects with growing delays after drops and resets them once a connection opens', () => {
    const { client, sockets, last } = setup();
    client.connect();
    expect(client.status.state).toBe('connecting');
    last().drop();
    expect(client.status).toMatchObject({ state: 'connecting', attempt: 1 });
    vi.advanceTimersByTime(374);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1); // 0.5 s ceiling, jitter pinned at the middle: 375 ms
    expect(sockets).toHaveLength(2);
    last().drop();
    vi.advanceTimersByTime(749);
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(3);
    last().open();
    expect(client.status).toMatchObject({ state: 'open', attempt: 0 });
    last().drop();
    vi.advanceTimersByTime(375);
    expect(sockets).toHaveLength(4);
    client.close();
  });

  it('subscribes every room on each connection with the last seq it handed over', () => {
    const { client, last, events } = setup();
    client.subscribe(ROOM);
    client.connect();
    last().open();
    expect(last().ofType('subscribe')).toEqual([{ type: 'subscribe', negotiationId: ROOM, afterSeq: 0 }]);
    for (const seq of [1, 2, 3]) last().receive(event(seq));
    last().receive({ type: 'subscribed', negotiationId: ROOM, lastSeq: 3 });
    last().drop();
    vi.advanceTimersByTime(30_000);
    last().open();
    expect(last().ofType('subscribe')).toEqual([{ type: 'subscribe', negotiationId: ROOM, afterSeq: 3 }]);
    expect(events).toEqual([1, 2, 3]);
    client.close();
  });

  it('hands each event over once and in order: duplicates dropped, early ones held until the hole is filled', () => {
    const { client, last, events } = setup();
    client.subscribe(ROOM);
    client.connect();
    last().open();
    last().receive({ type: 'subscribed', negotiationId: ROOM, lastSeq: 0 });
    last().receive(event(1));
    last().receive(event(1));
    last().receive(event(3));
    expect(events).toEqual([1]);
    // The hole made the client ask again from seq 1, once.
    expect(last().ofType('subscribe').map((frame) => frame.afterSeq)).toEqual([0, 1]);
    last().receive(event(4));
    expect(last().ofType('subscribe')).toHaveLength(2);
    last().receive(event(2));
    expect(events).toEqual([1, 2, 3, 4]);
    last().receive(event(3));
    last().receive({ type: 'subscribed', negotiationId: ROOM, lastSeq: 4 });
    expect(events).toEqual([1, 2, 3, 4]);
    expect(last().ofType('subscribe')).toHaveLength(2);
    client.close();
  });

  it('asks again when a replay ends short of the seq the server reports', () => {
    const { client, last } = setup();
    client.subscribe(ROOM);
    client.connect();
    last().open();
    last().receive(event(1));
    last().receive({ type: 'subscribed', negotiationId: ROOM, lastSeq: 2 });
    expect(last().ofType('subscribe').map((frame) => frame.afterSeq)).toEqual([0, 1]);
    client.close();
  });

  it('keeps writes until acknowledged and resends them with their original clientMsgId after a reconnect', async () => {
    const storage = createMemoryStorage();
    const { client, last } = setup({ storage });
    client.connect();
    const first = client.sendMessage(ROOM, 'before the socket opened');
    last().open();
    const second = client.sendMessage(ROOM, 'second');
    expect(last().ofType('message').map((frame) => frame.clientMsgId)).toEqual(['m1', 'm2']);
    last().receive({ type: 'ack', negotiationId: ROOM, clientMsgId: 'm1', seq: 7 });
    await expect(first.acked).resolves.toBe(7);
    last().drop();
    vi.advanceTimersByTime(30_000);
    last().open();
    expect(last().ofType('message')).toEqual([{ type: 'message', negotiationId: ROOM, clientMsgId: 'm2', text: 'second' }]);
    last().receive({ type: 'ack', negotiationId: ROOM, clientMsgId: 'm2', seq: 8 });
    await expect(second.acked).resolves.toBe(8);
    expect(client.pending()).toEqual([]);
    client.close();
  });

  it('finds its unacknowledged writes in storage after a page reload and sends them', () => {
    const storage = createMemoryStorage();
    const before = setup({ storage });
    before.client.sendMessage(ROOM, 'typed before the reload');
    before.client.close();
    const after = setup({ storage });
    expect(after.client.pending(ROOM)).toHaveLength(1);
    after.client.connect();
    after.last().open();
    expect(after.last().ofType('message')).toEqual([{ type: 'message', negotiationId: ROOM, clientMsgId: 'm1', text: 'typed before the reload' }]);
    after.client.close();
  });

  it('keeps no more than the window of writes waiting for acks, and sends the rest as acks arrive', () => {
    const { client, last } = setup({ maxInFlight: 2 });
    client.connect();
    last().open();
    for (let index = 0; index < 5; index += 1) client.sendMessage(ROOM, `#${index}`);
    expect(last().ofType('message').map((frame) => frame.clientMsgId)).toEqual(['m1', 'm2']);
    last().receive({ type: 'ack', negotiationId: ROOM, clientMsgId: 'm1', seq: 1 });
    expect(last().ofType('message').map((frame) => frame.clientMsgId)).toEqual(['m1', 'm2', 'm3']);
    client.close();
  });

  it('paces its writes to the per-connection budget of the server: a burst, then a steady rate', () => {
    const { client, last } = setup({ maxInFlight: 100, writeRate: { perSecond: 10, burst: 2 } });
    client.connect();
    last().open();
    for (let index = 0; index < 5; index += 1) client.sendMessage(ROOM, `#${index}`);
    expect(last().ofType('message')).toHaveLength(2);
    vi.advanceTimersByTime(100);
    expect(last().ofType('message')).toHaveLength(3);
    vi.advanceTimersByTime(200);
    expect(last().ofType('message')).toHaveLength(5);
    client.close();
  });

  it('counts its subscribes against the budget and asks again when one is refused for now', () => {
    const { client, last } = setup({ maxInFlight: 100, writeRate: { perSecond: 10, burst: 2 } });
    for (let index = 0; index < 3; index += 1) client.sendMessage(ROOM, `#${index}`);
    client.subscribe(ROOM);
    client.connect();
    last().open();
    // The subscribe goes first, then one write; the rest wait for the budget.
    expect(last().sent.map((frame) => frame.type)).toEqual(['subscribe', 'message']);
    last().receive({ type: 'error', code: 'rate_limited', message: 'Too many frames.', negotiationId: ROOM });
    vi.advanceTimersByTime(1_000);
    expect(last().ofType('subscribe')).toHaveLength(2);
    client.close();
  });

  it('subscribes again from its last seq when the server says delivery to a room failed', () => {
    const { client, last } = setup();
    client.subscribe(ROOM);
    client.connect();
    last().open();
    last().receive(event(1));
    last().receive({ type: 'subscribed', negotiationId: ROOM, lastSeq: 1 });
    last().receive({ type: 'error', code: 'internal', message: 'Delivery failed; subscribe again with your last seq.', negotiationId: ROOM });
    vi.advanceTimersByTime(375);
    expect(last().ofType('subscribe').map((frame) => frame.afterSeq)).toEqual([0, 1]);
    client.close();
  });

  it('drops a write the server refuses for good and rejects its promise, but retries one refused for now', async () => {
    const { client, last } = setup();
    const rejected: string[] = [];
    client.on('rejected', ({ error }) => rejected.push(error.code));
    client.connect();
    last().open();
    const stale = client.accept(ROOM, 1);
    const limited = client.sendMessage(ROOM, 'too fast');
    last().receive({ type: 'error', code: 'stale_version', message: 'A newer version exists.', clientMsgId: 'm1' });
    await expect(stale.acked).rejects.toMatchObject({ code: 'stale_version' });
    expect(rejected).toEqual(['stale_version']);
    last().receive({ type: 'error', code: 'rate_limited', message: 'Slow down.', clientMsgId: 'm2' });
    expect(client.pending().map((frame) => frame.clientMsgId)).toEqual(['m2']);
    vi.advanceTimersByTime(1_000);
    expect(last().ofType('message').map((frame) => frame.clientMsgId)).toEqual(['m2', 'm2']);
    last().receive({ type: 'ack', negotiationId: ROOM, clientMsgId: 'm2', seq: 3 });
    await expect(limited.acked).resolves.toBe(3);
    client.close();
  });

  it('stops for good when the server closes because the session ended', () => {
    const { client, sockets, last } = setup();
    client.connect();
    last().open();
    last().drop(4401);
    expect(client.status).toMatchObject({ state: 'closed', closeCode: 4401 });
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
  });

  it('waits while the browser is offline and reconnects at once when it is back', () => {
    let online = true;
    let notify: (online: boolean) => void = () => undefined;
    const network: NetworkStatus = { online: () => online, watch: (onChange) => ((notify = onChange), () => undefined) };
    const { client, sockets, last } = setup({ network });
    client.connect();
    last().open();
    online = false;
    notify(false);
    expect(client.status.state).toBe('offline');
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
    online = true;
    notify(true);
    expect(sockets).toHaveLength(2);
    expect(client.status.state).toBe('connecting');
    client.close();
  });

  it('ignores a replaced socket that speaks after it was dropped', () => {
    const { client, last, events } = setup();
    client.subscribe(ROOM);
    client.connect();
    const old = last();
    old.open();
    client.close();
    old.receive(event(1));
    expect(events).toEqual([]);
    expect(client.status.state).toBe('closed');
  });
});
