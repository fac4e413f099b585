import type { FastifyBaseLogger } from 'fastify';
import type { WebSocket } from 'ws';
import { AppError } from '../../errors.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import {
  CLIENT_WRITE_RATE, SESSION_ENDED_CLOSE_CODE, TYPING_THROTTLE_MS, type ClientFrame, type ClientWriteFrame, type NegotiationEvent, type ServerFrame,
} from '../../../shared/schemas/negotiations.ts';
import type { NegotiationsService } from './negotiations.service.ts';
import type { RoomsHub } from './negotiations.rooms.ts';
import { parseClientFrame, type FrameProblem } from './negotiations.frames.ts';
import { wireCodeOf } from './negotiations.errors.ts';
import { accessOf } from './negotiations.access.ts';
import { toWireEvent } from './negotiations.service.ts';
import { CredentialChanged, type SocketCredential } from './negotiations.credential.ts';

/** Proxies commonly drop connections idle for 60 s; a ping every 30 s keeps ours open and finds dead peers. */
export const NEGOTIATION_PING_INTERVAL_MS = 30_000;
/**
 * Who is asking is re-read from the database at most this often on subscribe, typing and read frames,
 * and at every ping. Writes need no re-read: each checks the credential in its own statement.
 */
const AUTH_RECHECK_MS = 1000;
const REPLAY_PAGE = 500;
/** A client that reads slower than its room talks is cut off past this much unsent data; it reconnects and replays. */
export const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

export interface NegotiationSocketDeps {
  service: NegotiationsService;
  hub: RoomsHub;
  log: FastifyBaseLogger;
  /** What the socket was opened with: each write checks it again in its own statement. */
  credential: SocketCredential;
  /** The caller now, from the same session cookie or token as the handshake; null once it ended. */
  resolveAuth: () => Promise<AuthContext | null>;
  /** At heartbeats: whether the credential still stands as `auth` says (batched across sockets); none = read in full. */
  stillStands?: (auth: AuthContext) => Promise<boolean>;
  pingIntervalMs?: number;
}

interface Subscription {
  negotiationId: string;
  /** The room's parties, to re-check access when who is asking is read again. */
  parties: { enterpriseOrganisationId: string; instituteOrganisationId: string };
  /** The highest seq this socket has been sent, in order and without holes. */
  lastSent: number;
  queue: SerialQueue;
  stopped: boolean;
  stop(): void;
}

/** A token bucket: `burst` frames at once, refilled at `perSecond`. */
export function createTokenBucket({ perSecond, burst }: { perSecond: number; burst: number }, clock = () => performance.now()) {
  // Tokens and the last refill in a typed array: written in place. As closure variables every write
  // boxed a new number that lived until the connection's next frame, long enough to be promoted.
  const state = new Float64Array([burst, clock()]);
  return {
    take(): boolean {
      const now = clock();
      const tokens = Math.min(burst, state[0] + ((now - state[1]) / 1000) * perSecond);
      state[1] = now;
      if (tokens < 1) {
        state[0] = tokens;
        return false;
      }
      state[0] = tokens - 1;
      return true;
    },
  };
}

export interface SerialQueue {
  push(work: () => Promise<void> | void): void;
}

/**
 * Runs work one item after another, each starting in a microtask after the one before has settled;
 * an item that throws is reported and the next one still runs. Idle, it holds nothing: a promise
 * chain (`queue = queue.then(work)`) kept its last promises alive until the next item, seconds later
 * on a quiet socket, so every frame's promises outlived a young-generation collection and were
 * promoted.
 */
export function createSerialQueue(onError: (error: Error) => void): SerialQueue {
  const items: Array<() => Promise<void> | void> = [];
  let running = false;
  async function drain() {
    while (items.length) {
      const work = items.shift()!;
      try {
        await work();
      } catch (error) {
        // A failing report must not stop the queue (nor reject unhandled).
        try {
          onError(error as Error);
        } catch {}
      }
    }
    running = false;
  }
  return {
    push(work) {
      items.push(work);
      if (running) return;
      running = true;
      queueMicrotask(() => void drain());
    },
  };
}

/**
 * A live event reaches every socket of its room in this process as the same object: serialised once,
 * the text kept on the object itself (a symbol key, which JSON leaves out). Not in a WeakMap: its
 * entries outlive their events until a full collection, which at a thousand events a second made
 * the old generation grow by megabytes a second.
 */
const FRAME_TEXT = Symbol('frameText');
function eventFrameText(event: NegotiationEvent & { [FRAME_TEXT]?: string }): string {
  return (event[FRAME_TEXT] ??= JSON.stringify({ type: 'event', ...event } satisfies ServerFrame));
}

/** One connection on GET /ws: frames in, events/acks/presence/errors out. See docs/negotiation-protocol.md. */
export function serveNegotiationSocket(socket: WebSocket, initialAuth: AuthContext, deps: NegotiationSocketDeps) {
  const { service, hub, log } = deps;
  let auth: AuthContext = initialAuth;
  let checkedAt = Date.now();
  let ended = false;
  const subscriptions = new Map<string, Subscription>();
  const lastTyping = new Map<string, number>();
  const bucket = createTokenBucket(CLIENT_WRITE_RATE);

  const sendText = (text: string) => {
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      log.warn({ bufferedAmount: socket.bufferedAmount }, 'negotiation socket: the client does not keep up; terminating it');
      return socket.terminate();
    }
    socket.send(text);
  };
  const send = (frame: ServerFrame) => sendText(JSON.stringify(frame));
  const sendProblem = (problem: FrameProblem) => send({ type: 'error', ...problem });

  function endSession() {
    if (ended) return;
    ended = true;
    socket.close(SESSION_ENDED_CLOSE_CODE, 'session ended');
  }

  async function currentAuth(force = false): Promise<AuthContext | null> {
    if (ended) return null;
    if (!force && Date.now() - checkedAt < AUTH_RECHECK_MS) return auth;
    const fresh = await deps.resolveAuth().catch(() => null);
    if (!fresh) {
      endSession();
      return null;
    }
    auth = fresh;
    checkedAt = Date.now();
    // Membership may have changed (left the organisation): rooms no longer readable stop here.
    for (const subscription of [...subscriptions.values()]) {
      if (accessOf(fresh, subscription.parties)) continue;
      subscription.stop();
      sendProblem({ code: 'not_found', message: 'The negotiation was not found.', negotiationId: subscription.negotiationId });
    }
    return auth;
  }

  // ------------------------------------------------------------------ subscriptions

  async function catchUp(subscription: Subscription) {
    for (;;) {
      if (subscription.stopped) return;
      const rows = await service.listEventsAfter(subscription.negotiationId, subscription.lastSent, REPLAY_PAGE);
      for (const row of rows) {
        if (subscription.stopped || row.seq <= subscription.lastSent) continue;
        send({ type: 'event', ...toWireEvent(row) });
        subscription.lastSent = row.seq;
      }
      if (rows.length < REPLAY_PAGE) return;
    }
  }

  /** Live events arrive in commit order; one that skips ahead means something was missed: read it first. */
  async function deliver(subscription: Subscription, event: NegotiationEvent) {
    if (subscription.stopped || event.seq <= subscription.lastSent) return;
    if (event.seq > subscription.lastSent + 1) await catchUp(subscription);
    if (subscription.stopped || event.seq <= subscription.lastSent) return;
    sendText(eventFrameText(event));
    subscription.lastSent = event.seq;
  }

  const enqueue = (subscription: Subscription, work: () => Promise<void> | void) => subscription.queue.push(work);

  async function subscribe(who: AuthContext, frame: Extract<ClientFrame, { type: 'subscribe' }>) {
    const { negotiationId, afterSeq } = frame;
    const { room, access } = await service.requireReadable(who, negotiationId);
    subscriptions.get(negotiationId)?.stop();
    const member = who.user && access.side ? { userId: who.user.id, name: who.user.fullName, side: access.side } : null;
    const parties = { enterpriseOrganisationId: room.enterpriseOrganisationId, instituteOrganisationId: room.instituteOrganisationId };
    const subscription: Subscription = {
      negotiationId, parties, lastSent: afterSeq, stopped: false, stop: () => undefined,
      queue: createSerialQueue((error) => {
        log.error({ err: error, negotiationId }, 'negotiation socket: delivery failed');
        sendProblem({ code: 'internal', message: 'Delivery failed; subscribe again with your last seq.', negotiationId });
      }),
    };
    // Listen first, then read the replay: an event committed meanwhile is queued behind the replay
    // and dropped there if the replay already carried it. No window, no duplicate.
    const stopListening = hub.listen(negotiationId, {
      onEvent: (event) => enqueue(subscription, () => deliver(subscription, event)),
      onPresence: (members) => enqueue(subscription, () => send({ type: 'presence', negotiationId, members })),
      onTyping: (notice) => {
        if (notice.userId !== who.user?.id) send({ type: 'typing', negotiationId, ...notice });
      },
      onResync: () => enqueue(subscription, () => catchUp(subscription)),
    });
    subscription.stop = () => {
      if (subscription.stopped) return;
      subscription.stopped = true;
      if (member) hub.leave(negotiationId, member.userId);
      stopListening();
      subscriptions.delete(negotiationId);
    };
    subscriptions.set(negotiationId, subscription);
    enqueue(subscription, async () => {
      await catchUp(subscription);
      send({ type: 'subscribed', negotiationId, lastSeq: subscription.lastSent });
    });
    if (member) hub.join(negotiationId, member);
    else enqueue(subscription, () => send({ type: 'presence', negotiationId, members: hub.presence(negotiationId) }));
  }

  async function typing(who: AuthContext, negotiationId: string) {
    // A subscribed room's parties are known (and re-checked with who is asking); others are read.
    const parties = subscriptions.get(negotiationId)?.parties;
    const access = parties ? accessOf(who, parties) : (await service.requireReadable(who, negotiationId)).access;
    // Only people write; readers and API tokens have nothing to show.
    if (!who.user || !access?.canWrite) return;
    const now = Date.now();
    if (now - (lastTyping.get(negotiationId) ?? 0) < TYPING_THROTTLE_MS) return;
    lastTyping.set(negotiationId, now);
    hub.typing(negotiationId, { userId: who.user.id, name: who.user.fullName });
  }

  // ------------------------------------------------------------------ frames

  /** A write with the socket's credential; when that changed, who is asking is read again, then retried once. */
  async function write(frame: ClientWriteFrame) {
    try {
      return await service.write(auth, frame, deps.credential);
    } catch (error) {
      if (!(error instanceof CredentialChanged)) throw error;
      const fresh = await currentAuth(true);
      if (!fresh) return null;
      return service.write(fresh, frame, deps.credential);
    }
  }

  async function handle(frame: ClientFrame) {
    const isWrite = frame.type === 'message' || frame.type === 'offer' || frame.type === 'accept' || frame.type === 'withdraw';
    const who = isWrite ? (ended ? null : auth) : await currentAuth();
    if (!who) return;
    try {
      switch (frame.type) {
        case 'subscribe':
          return await subscribe(who, frame);
        case 'unsubscribe':
          return subscriptions.get(frame.negotiationId)?.stop();
        case 'typing':
          return await typing(who, frame.negotiationId);
        case 'read':
          await service.markRead(who, frame.negotiationId, frame.seq);
          return;
        default: {
          const result = await write(frame);
          // The session ended meanwhile: the socket is closing, the client resends on its next one.
          if (!result) return;
          return send({ type: 'ack', negotiationId: frame.negotiationId, clientMsgId: frame.clientMsgId, seq: result.seq });
        }
      }
    } catch (error) {
      const code = wireCodeOf(error);
      if (code === 'internal') log.error({ err: error, frameType: frame.type }, 'negotiation socket: a frame failed');
      sendProblem({
        code,
        message: error instanceof AppError && code !== 'internal' ? error.message : 'Something went wrong on the server; try again.',
        negotiationId: frame.negotiationId,
        ...('clientMsgId' in frame ? { clientMsgId: frame.clientMsgId } : {}),
        ...(error instanceof AppError && error.details !== undefined ? { details: error.details } : {}),
      });
    }
  }

  // Frames of one connection are handled one after another: a client's writes commit in the order sent.
  const frames = createSerialQueue((error) => log.error({ err: error }, 'negotiation socket: a frame failed'));
  socket.on('message', (data) => {
    const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    if (!bucket.take()) {
      const parsed = parseClientFrame(bytes);
      const echo = 'frame' in parsed ? { negotiationId: parsed.frame.negotiationId, ...('clientMsgId' in parsed.frame ? { clientMsgId: parsed.frame.clientMsgId } : {}) } : {};
      return sendProblem({ code: 'rate_limited', message: `Too many frames: at most ${CLIENT_WRITE_RATE.perSecond} per second (bursts of ${CLIENT_WRITE_RATE.burst}). Resend it shortly with the same clientMsgId.`, ...echo });
    }
    const parsed = parseClientFrame(bytes);
    if ('problem' in parsed) return sendProblem(parsed.problem);
    frames.push(() => handle(parsed.frame));
  });

  // ------------------------------------------------------------------ heartbeats and close

  let alive = true;
  socket.on('pong', () => {
    alive = true;
  });
  const pinger = setInterval(async () => {
    if (!alive) return socket.terminate();
    alive = false;
    socket.ping();
    const unchanged = deps.stillStands && !ended ? await deps.stillStands(auth).catch(() => false) : false;
    if (!unchanged) await currentAuth(true);
  }, deps.pingIntervalMs ?? NEGOTIATION_PING_INTERVAL_MS);
  pinger.unref();

  socket.on('close', () => {
    ended = true;
    clearInterval(pinger);
    for (const subscription of [...subscriptions.values()]) subscription.stop();
  });
  socket.on('error', (error) => log.warn({ err: error.message }, 'negotiation socket error'));
}
