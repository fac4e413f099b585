// A reconnecting client for the negotiation socket (GET /ws), free of any UI framework: the web room
// wraps it in Svelte state, the fault tests and `npm run bench:ws` drive it from Node with `ws`.
//
// What it guarantees to its user, whatever the network does:
// - writes go to an outbox (kept in storage) and are resent with their ORIGINAL clientMsgId after every
//   reconnect until acknowledged; the server answers a resend with the first ack's seq, never a copy;
// - each room's events are handed over exactly once and in seq order: duplicates and old events are
//   dropped, early ones are held back, and a hole in the sequence re-subscribes from the last seq seen.
// Shared types are imported by relative path (not `$shared`): this file also runs under plain Node.
import type {
  AckFrame, ClientWriteFrame, ErrorFrame, NegotiationEvent, PresenceFrame, ServerFrame, TypingNoticeFrame,
} from './frames.ts';
import type { Terms } from '../../../../shared/schemas/terms.ts';
import { CLIENT_WRITE_RATE, SESSION_ENDED_CLOSE_CODE } from '../../../../shared/schemas/negotiations.ts';
import { backoffDelay, type BackoffOptions } from './backoff.ts';
import { createMemoryStorage, createClientStore, type KeyValueStorage } from './storage.ts';
import { createNetworkStatus, type NetworkStatus } from './network.ts';
import { createRoomSequence, type RoomSequence } from './sequence.ts';

/** The part of a WebSocket the client uses: the browser's and the `ws` package's both fit. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export type ConnectionState = 'connecting' | 'open' | 'closed' | 'offline';
export interface ConnectionStatus {
  state: ConnectionState;
  /** Failed attempts since the last open connection. */
  attempt: number;
  /** When the next attempt starts (epoch ms), while waiting after a drop. */
  nextRetryAt: number | null;
  /** The close code that stopped the client for good (signed out, no access), if any. */
  closeCode: number | null;
}

export interface NegotiationClientOptions {
  url: string;
  /** Opens a socket. Default: the global WebSocket (browsers send their cookies by themselves). */
  createSocket?: (url: string) => WebSocketLike;
  /** `localStorage` in browsers; in memory by default. */
  storage?: KeyValueStorage;
  /** Storage prefix; include the person's id so accounts sharing a browser keep separate outboxes. */
  storageKey?: string;
  backoff?: BackoffOptions;
  /** Browser online/offline signals; null to ignore them (Node). Default: the browser's, if any. */
  network?: NetworkStatus | null;
  /** At most this many writes wait for their ack at once; the rest wait in the outbox. */
  maxInFlight?: number;
  /** The server's per-connection frame budget (a token bucket); the client paces itself to stay inside it. */
  writeRate?: { readonly perSecond: number; readonly burst: number };
  /** Close codes after which reconnecting cannot help. */
  fatalCloseCodes?: readonly number[];
  newClientMsgId?: () => string;
}

/** The server closes with these when reconnecting cannot help (the session ended: signed out, expired, disabled). */
export const FATAL_CLOSE_CODES = [SESSION_ENDED_CLOSE_CODE] as const;
/** Errors about a write that say "not now" rather than "never": the write stays queued and is sent again. */
const RETRYABLE_ERROR = /rate_limited|unavailable|internal|busy|timeout/;
const RETRY_AFTER_REFUSAL_MS = 1_000;
/** An `internal` error may repeat for ever: after this many, the write is given up (and reported). */
const MAX_RETRIES = 5;
/** The server's budget for every frame of a connection (a burst, then a steady rate). */
const DEFAULT_WRITE_RATE = CLIENT_WRITE_RATE;

export interface PendingWrite {
  clientMsgId: string;
  /** Resolves with the event's seq once the server acknowledged it; rejects if the server refused it for good. */
  acked: Promise<number>;
}

export class NegotiationWriteError extends Error {
  readonly code: string;
  readonly frame: ClientWriteFrame;
  constructor(error: ErrorFrame, frame: ClientWriteFrame) {
    super(error.message);
    this.name = 'NegotiationWriteError';
    this.code = error.code;
    this.frame = frame;
  }
}

export interface NegotiationClientEvents {
  status: ConnectionStatus;
  /** A room's events, each once, in seq order. */
  event: NegotiationEvent;
  ack: AckFrame;
  /** The replay after a (re)subscribe is complete; later events are live. */
  subscribed: { negotiationId: string; lastSeq: number };
  /** A write the server refused for good (validation, stale version, no access); it left the outbox. */
  rejected: { frame: ClientWriteFrame; error: ErrorFrame };
  /** An error frame not about one of this client's queued writes (a refused subscribe, a malformed frame). */
  error: ErrorFrame;
  presence: PresenceFrame;
  typing: TypingNoticeFrame;
}
type Listener<K extends keyof NegotiationClientEvents> = (value: NegotiationClientEvents[K]) => void;

type WriteBody =
  | { type: 'message'; negotiationId: string; text: string }
  | { type: 'offer'; negotiationId: string; terms: Terms }
  | { type: 'accept'; negotiationId: string; version: number }
  | { type: 'withdraw'; negotiationId: string; reason: string };

const OPEN = 1;

function defaultSocket(url: string): WebSocketLike {
  const Constructor = (globalThis as { WebSocket?: new (url: string) => WebSocketLike }).WebSocket;
  if (!Constructor) throw new Error('No global WebSocket here: pass createSocket (for Node, see nodeSocketFactory).');
  return new Constructor(url);
}

function randomId(): string {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

export class NegotiationClient {
  readonly #options: Required<Pick<NegotiationClientOptions, 'url' | 'createSocket' | 'maxInFlight' | 'fatalCloseCodes' | 'newClientMsgId'>> & NegotiationClientOptions;
  readonly #store;
  readonly #network: NetworkStatus | null;
  readonly #listeners = new Map<keyof NegotiationClientEvents, Set<(value: never) => void>>();
  readonly #rooms = new Map<string, RoomSequence>();
  /** Unacknowledged writes in the order they were made (mirrors the stored outbox). */
  #outbox: ClientWriteFrame[];
  readonly #waiters = new Map<string, { resolve(seq: number): void; reject(error: Error): void }>();
  /** Writes sent on the current socket and not yet answered. */
  readonly #inFlight = new Set<string>();
  readonly #retries = new Map<string, number>();
  /** Rooms whose subscribe was refused for now, and how often in a row (for the delay). */
  readonly #roomRetries = new Map<string, number>();
  /** Rooms to (re)subscribe on this connection, sent before any write as the budget allows. */
  readonly #toSubscribe = new Set<string>();
  /** Write tokens left on this connection, and when they were last counted. */
  #budget = { tokens: 0, at: 0 };
  #socket: WebSocketLike | null = null;
  #status: ConnectionStatus = { state: 'closed', attempt: 0, nextRetryAt: null, closeCode: null };
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #flushTimer: ReturnType<typeof setTimeout> | undefined;
  #stopped = true;
  #unwatchNetwork: (() => void) | null = null;

  constructor(options: NegotiationClientOptions) {
    this.#options = {
      createSocket: defaultSocket, maxInFlight: 16, writeRate: DEFAULT_WRITE_RATE, fatalCloseCodes: FATAL_CLOSE_CODES, newClientMsgId: randomId, ...options,
    };
    this.#store = createClientStore(options.storage ?? createMemoryStorage(), options.storageKey ?? 'kopir:negotiation');
    this.#network = options.network === undefined ? createNetworkStatus() : options.network;
    this.#outbox = this.#store.outbox();
  }

  get status(): ConnectionStatus {
    return this.#status;
  }

  on<K extends keyof NegotiationClientEvents>(type: K, listener: Listener<K>): () => void {
    let set = this.#listeners.get(type);
    if (!set) this.#listeners.set(type, (set = new Set()));
    set.add(listener as (value: never) => void);
    return () => void set.delete(listener as (value: never) => void);
  }

  /** Starts connecting (and keeps reconnecting until `close()`). */
  connect(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#status = { ...this.#status, attempt: 0, closeCode: null };
    this.#unwatchNetwork = this.#network?.watch((online) => (online ? this.reconnectNow() : this.#goOffline())) ?? null;
    this.#open();
  }

  /** Stops for good (until `connect()`): the outbox stays in storage for the next time. */
  close(): void {
    this.#stopped = true;
    clearTimeout(this.#retryTimer);
    clearTimeout(this.#flushTimer);
    this.#unwatchNetwork?.();
    this.#unwatchNetwork = null;
    this.#dropSocket(1000);
    this.#setStatus({ state: 'closed', nextRetryAt: null });
  }

  /** Skips the remaining backoff wait ("retry now", or the browser came back online). */
  reconnectNow(): void {
    if (this.#stopped || this.#socket) return;
    clearTimeout(this.#retryTimer);
    this.#setStatus({ attempt: 0 });
    this.#open();
  }

  /** Follows a room: its events after `afterSeq` (default: the last seq this client saw), then live ones. */
  subscribe(negotiationId: string, options: { afterSeq?: number } = {}): void {
    const lastSeq = options.afterSeq ?? this.#store.lastSeq(negotiationId);
    const room = createRoomSequence(lastSeq);
    this.#rooms.set(negotiationId, room);
    this.#sendSubscribe(negotiationId, room);
  }

  unsubscribe(negotiationId: string): void {
    if (!this.#rooms.delete(negotiationId)) return;
    this.#toSubscribe.delete(negotiationId);
    if (this.#takeToken() === 0) this.#sendNow({ type: 'unsubscribe', negotiationId });
  }

  /** The last seq handed over for a room (0 before any). */
  lastSeq(negotiationId: string): number {
    return this.#rooms.get(negotiationId)?.lastSeq ?? this.#store.lastSeq(negotiationId);
  }

  /** Writes not yet acknowledged (for "sending…" marks), optionally of one room. */
  pending(negotiationId?: string): readonly ClientWriteFrame[] {
    return negotiationId ? this.#outbox.filter((frame) => frame.negotiationId === negotiationId) : [...this.#outbox];
  }

  sendMessage = (negotiationId: string, text: string, clientMsgId?: string) => this.write({ type: 'message', negotiationId, text }, clientMsgId);
  sendOffer = (negotiationId: string, terms: Terms, clientMsgId?: string) => this.write({ type: 'offer', negotiationId, terms }, clientMsgId);
  accept = (negotiationId: string, version: number, clientMsgId?: string) => this.write({ type: 'accept', negotiationId, version }, clientMsgId);
  withdraw = (negotiationId: string, reason: string, clientMsgId?: string) => this.write({ type: 'withdraw', negotiationId, reason }, clientMsgId);

  /** Queues a write (kept in storage until acknowledged) and sends it when the window allows. */
  write(body: WriteBody, clientMsgId: string = this.#options.newClientMsgId()): PendingWrite {
    const frame = { ...body, clientMsgId } as ClientWriteFrame;
    if (!this.#outbox.some((entry) => entry.clientMsgId === clientMsgId)) {
      this.#outbox.push(frame);
      this.#store.addToOutbox(frame);
    }
    const acked = new Promise<number>((resolve, reject) => this.#waiters.set(clientMsgId, { resolve, reject }));
    // A caller that ignores the outcome must not cause an unhandled rejection; its own chain still sees it.
    acked.catch(() => undefined);
    this.#flush();
    return { clientMsgId, acked };
  }

  /** Typing and read marks are only worth sending now (and within the budget): they are not queued. */
  typing(negotiationId: string): void {
    if (this.#isOpen() && this.#takeToken() === 0) this.#sendNow({ type: 'typing', negotiationId });
  }

  markRead(negotiationId: string, seq: number): void {
    if (this.#isOpen() && this.#takeToken() === 0) this.#sendNow({ type: 'read', negotiationId, seq });
  }

  // ------------------------------------------------------------------ connection

  #open() {
    if (this.#network && !this.#network.online()) return this.#goOffline();
    this.#setStatus({ state: 'connecting', nextRetryAt: null });
    let socket: WebSocketLike;
    try {
      socket = this.#options.createSocket(this.#options.url);
    } catch {
      return this.#scheduleRetry();
    }
    this.#socket = socket;
    // Handlers check the socket they belong to: a late event of a replaced socket must change nothing.
    socket.onopen = () => socket === this.#socket && this.#onOpen();
    socket.onmessage = (event) => socket === this.#socket && this.#onFrame(event.data);
    socket.onclose = (event) => socket === this.#socket && this.#onClose(event.code);
    socket.onerror = () => undefined; // a close event follows; `ws` would throw on an unhandled error
  }

  #onOpen() {
    this.#inFlight.clear();
    this.#toSubscribe.clear();
    // The server's bucket is per connection and starts full.
    this.#budget = { tokens: this.#writeRate.burst, at: Date.now() };
    // Every room first, then the writes: all within the budget, in that order.
    for (const [negotiationId, room] of this.#rooms) {
      room.resyncing = true;
      this.#toSubscribe.add(negotiationId);
    }
    // Another tab of the same person may have queued writes: send those too (the server deduplicates).
    for (const frame of this.#store.outbox()) if (!this.#outbox.some((entry) => entry.clientMsgId === frame.clientMsgId)) this.#outbox.push(frame);
    this.#flush();
    this.#setStatus({ state: 'open', attempt: 0, nextRetryAt: null });
  }

  #onClose(code: number) {
    this.#socket = null;
    this.#inFlight.clear();
    if (this.#stopped) return;
    if (this.#options.fatalCloseCodes.includes(code)) {
      this.#stopped = true;
      this.#unwatchNetwork?.();
      return this.#setStatus({ state: 'closed', nextRetryAt: null, closeCode: code });
    }
    this.#scheduleRetry();
  }

  #scheduleRetry() {
    if (this.#network && !this.#network.online()) return this.#goOffline();
    const delay = backoffDelay(this.#status.attempt, this.#options.backoff);
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => {
      if (!this.#stopped && !this.#socket) this.#open();
    }, delay);
    this.#setStatus({ state: 'connecting', attempt: this.#status.attempt + 1, nextRetryAt: Date.now() + delay });
  }

  #goOffline() {
    if (this.#stopped) return;
    clearTimeout(this.#retryTimer);
    // The socket may linger without a network; drop it so coming back online starts clean.
    this.#dropSocket(1000);
    this.#setStatus({ state: 'offline', nextRetryAt: null });
  }

  #dropSocket(code: number) {
    const socket = this.#socket;
    this.#socket = null;
    this.#inFlight.clear();
    if (socket) {
      try {
        socket.close(code);
      } catch {
        // Closing a socket that never opened can throw in some implementations; it is gone either way.
      }
    }
  }

  #setStatus(change: Partial<ConnectionStatus>) {
    this.#status = { ...this.#status, ...change };
    this.#emit('status', this.#status);
  }

  // ------------------------------------------------------------------ frames

  #sendNow(frame: object): boolean {
    const socket = this.#socket;
    if (!socket || socket.readyState !== OPEN) return false;
    try {
      socket.send(JSON.stringify(frame));
      return true;
    } catch {
      return false;
    }
  }

  /** Queues a (re)subscribe from the room's last seq; until its replay completes, holes ask nothing more. */
  #sendSubscribe(negotiationId: string, room: RoomSequence) {
    if (!this.#isOpen()) return; // every room is subscribed when the connection opens
    room.resyncing = true;
    this.#toSubscribe.add(negotiationId);
    this.#flush();
  }

  #isOpen() {
    return this.#socket !== null && this.#socket.readyState === OPEN;
  }

  get #writeRate() {
    return this.#options.writeRate ?? DEFAULT_WRITE_RATE;
  }

  /** Takes one write token if there is one; else answers how long until the next. */
  #takeToken(): number {
    const now = Date.now();
    const { perSecond, burst } = this.#writeRate;
    this.#budget.tokens = Math.min(burst, this.#budget.tokens + ((now - this.#budget.at) * perSecond) / 1000);
    this.#budget.at = now;
    if (this.#budget.tokens >= 1) {
      this.#budget.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.#budget.tokens) * 1000) / perSecond);
  }

  #flush() {
    clearTimeout(this.#flushTimer);
    if (!this.#isOpen()) return;
    for (const negotiationId of this.#toSubscribe) {
      const room = this.#rooms.get(negotiationId);
      const wait = room ? this.#takeToken() : 0;
      if (wait > 0) {
        this.#flushTimer = setTimeout(() => this.#flush(), wait);
        return;
      }
      this.#toSubscribe.delete(negotiationId);
      // The seq is read now, not when queued: events may have arrived meanwhile.
      if (room) this.#sendNow({ type: 'subscribe', negotiationId, afterSeq: room.lastSeq });
    }
    for (const frame of this.#outbox) {
      if (this.#inFlight.size >= this.#options.maxInFlight) return;
      if (this.#inFlight.has(frame.clientMsgId)) continue;
      if (!this.#socket || this.#socket.readyState !== OPEN) return;
      const wait = this.#takeToken();
      if (wait > 0) {
        this.#flushTimer = setTimeout(() => this.#flush(), wait);
        return;
      }
      if (!this.#sendNow(frame)) return;
      this.#inFlight.add(frame.clientMsgId);
    }
  }

  #onFrame(data: unknown) {
    let frame: ServerFrame;
    try {
      frame = JSON.parse(typeof data === 'string' ? data : String(data)) as ServerFrame;
    } catch {
      return; // not ours to crash on; the server only sends JSON
    }
    switch (frame.type) {
      case 'event':
        return this.#onEvent(frame);
      case 'subscribed':
        return this.#onSubscribed(frame.negotiationId, frame.lastSeq);
      case 'ack':
        return this.#onAck(frame);
      case 'error':
        return this.#onError(frame);
      case 'presence':
        return this.#emit('presence', frame);
      case 'typing':
        return this.#emit('typing', frame);
    }
  }

  #onEvent(frame: Extract<ServerFrame, { type: 'event' }>) {
    const room = this.#rooms.get(frame.negotiationId);
    if (!room) return;
    const { type: _type, ...event } = frame;
    const { ready, gap } = room.receive(event);
    this.#deliver(frame.negotiationId, ready);
    // A hole: ask again from the last seq handed over (once until that replay completes).
    if (gap && !room.resyncing) this.#sendSubscribe(frame.negotiationId, room);
  }

  #onSubscribed(negotiationId: string, lastSeq: number) {
    const room = this.#rooms.get(negotiationId);
    if (!room) return;
    room.resyncing = false;
    this.#roomRetries.delete(negotiationId);
    this.#emit('subscribed', { negotiationId, lastSeq });
    // The replay should have brought everything up to lastSeq; if not (or early events still wait), ask again.
    if (room.lastSeq < lastSeq || room.waiting > 0) this.#sendSubscribe(negotiationId, room);
  }

  #deliver(negotiationId: string, events: NegotiationEvent[]) {
    if (events.length === 0) return;
    this.#store.setLastSeq(negotiationId, events[events.length - 1].seq);
    for (const event of events) this.#emit('event', event);
  }

  #onAck(frame: AckFrame) {
    this.#settle(frame.clientMsgId);
    this.#waiters.get(frame.clientMsgId)?.resolve(frame.seq);
    this.#waiters.delete(frame.clientMsgId);
    this.#emit('ack', frame);
    this.#flush();
  }

  #onError(frame: ErrorFrame) {
    const queued = frame.clientMsgId ? this.#outbox.find((entry) => entry.clientMsgId === frame.clientMsgId) : undefined;
    if (!queued) {
      // A subscribe refused for now (the budget), or a room whose delivery failed on the server
      // ("subscribe again with your last seq"): ask again shortly, or the room would go quiet.
      const room = frame.negotiationId ? this.#rooms.get(frame.negotiationId) : undefined;
      const forNow = frame.code === 'rate_limited' ? room?.resyncing : frame.code === 'internal';
      if (room && forNow && frame.negotiationId) {
        const negotiationId = frame.negotiationId;
        room.resyncing = true;
        const delay = backoffDelay(this.#roomRetries.get(negotiationId) ?? 0, this.#options.backoff);
        this.#roomRetries.set(negotiationId, (this.#roomRetries.get(negotiationId) ?? 0) + 1);
        setTimeout(() => {
          if (this.#rooms.get(negotiationId) !== room) return;
          this.#toSubscribe.add(negotiationId);
          this.#flush();
        }, delay);
      }
      return this.#emit('error', frame);
    }
    const retries = (this.#retries.get(queued.clientMsgId) ?? 0) + 1;
    if (RETRYABLE_ERROR.test(frame.code) && (frame.code === 'rate_limited' || retries <= MAX_RETRIES)) {
      // Not now: let it be sent again shortly (or on the next connection).
      this.#retries.set(queued.clientMsgId, retries);
      this.#inFlight.delete(queued.clientMsgId);
      clearTimeout(this.#flushTimer);
      this.#flushTimer = setTimeout(() => this.#flush(), RETRY_AFTER_REFUSAL_MS);
      return;
    }
    this.#settle(queued.clientMsgId);
    this.#waiters.get(queued.clientMsgId)?.reject(new NegotiationWriteError(frame, queued));
    this.#waiters.delete(queued.clientMsgId);
    this.#emit('rejected', { frame: queued, error: frame });
    this.#flush();
  }

  #settle(clientMsgId: string) {
    this.#inFlight.delete(clientMsgId);
    this.#retries.delete(clientMsgId);
    this.#outbox = this.#outbox.filter((entry) => entry.clientMsgId !== clientMsgId);
    this.#store.removeFromOutbox(clientMsgId);
  }

  #emit<K extends keyof NegotiationClientEvents>(type: K, value: NegotiationClientEvents[K]) {
    for (const listener of this.#listeners.get(type) ?? []) {
      try {
        (listener as Listener<K>)(value);
      } catch (error) {
        // One faulty listener must not stop delivery to the others, nor the client itself.
        console.error('negotiation client listener failed', error);
      }
    }
  }
}

/** For Node: a `ws`-like constructor and the headers (cookie or bearer token) to send at the upgrade. */
export function nodeSocketFactory(
  WebSocketClass: new (url: string, protocols?: string[], options?: { headers?: Record<string, string> }) => WebSocketLike,
  headers: () => Record<string, string>,
): (url: string) => WebSocketLike {
  return (url) => new WebSocketClass(url, [], { headers: headers() });
}
