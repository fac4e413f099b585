import { randomUUID } from 'node:crypto';
import type { Tx } from '../../db/database.ts';
import { FANOUT_CHANNEL, MAX_FANOUT_BYTES, type Fanout, type PublishOptions } from '../../db/fanout.ts';
import type { NotifyTemplate } from './negotiations.append.ts';
import type { NegotiationEvent, NegotiationSide } from '../../../shared/schemas/negotiations.ts';
import type { NegotiationEventRow } from './negotiations.table.ts';
import { toWireEvent } from './negotiations.service.ts';

export interface PresentMember {
  userId: string;
  name: string;
  side: NegotiationSide;
}

/** What a process's sockets in a room are told. */
export interface RoomListener {
  /** Events in the order they committed; a gap (a missed NOTIFY, or this process's own event overtaking another process's) is the listener's to fill from the database. */
  onEvent(event: NegotiationEvent): void;
  onPresence(members: PresentMember[]): void;
  onTyping(notice: { userId: string; name: string }): void;
  /** The fan-out reconnected: anything may have been missed, catch up from the database. */
  onResync(): void;
}

type FanoutMessage =
  | { t: 'event'; event: NegotiationEvent }
  /** Too big for NOTIFY (8000 bytes): each process reads the event from the database. */
  | { t: 'ref'; negotiationId: string; seq: number }
  | { t: 'typing'; userId: string; name: string }
  | { t: 'presence'; processId: string; members: PresentMember[]; ask: boolean };

const topicOf = (negotiationId: string) => `negotiation:${negotiationId}`;

const WIDEST_ORIGIN = '00000000-0000-0000-0000-000000000000';

/** An event as the fan-out carries it: whole when it fits a NOTIFY (8000 bytes), else a reference to read. */
function messageOf(event: NegotiationEvent): Extract<FanoutMessage, { t: 'event' | 'ref' }> {
  const full = { t: 'event' as const, event };
  // Measured at its widest: the seq a template is numbered with later, the origin of `elsewhere`.
  const widest = { o: WIDEST_ORIGIN, topic: topicOf(event.negotiationId), data: { ...full, event: { ...event, seq: 2 ** 31 - 1 } } };
  const size = Buffer.byteLength(JSON.stringify(widest));
  return size <= MAX_FANOUT_BYTES ? full : { t: 'ref', negotiationId: event.negotiationId, seq: event.seq };
}
/** Each process repeats its presence this often; another process's entry older than 3 periods is dropped (it died). */
export const PRESENCE_REFRESH_MS = 30_000;

interface Room {
  listeners: Set<RoomListener>;
  /** Who this process holds in the room: userId → member and how many of their sockets. */
  local: Map<string, { member: PresentMember; sockets: number }>;
  /** What other processes hold, as they last said. */
  remote: Map<string, { members: PresentMember[]; at: number }>;
  unsubscribe: () => void;
  /** Deliveries run one after another, so a ref's database read cannot overtake the next event. */
  queue: Promise<void>;
}

/**
 * Hands committed room events to every process's sockets; also used by writers outside the room
 * (a proposal leaving the negotiation, negotiations.ending.ts). With `tx` (PostgreSQL) NOTIFY goes
 * out at commit; the in-process fan-out delivers at once, so there it is called after the commit.
 */
export async function publishRoomEvents(fanout: Fanout, events: NegotiationEventRow[], tx?: Tx, options?: PublishOptions) {
  for (const row of events) await fanout.publish(topicOf(row.negotiationId), messageOf(toWireEvent(row)), tx, options);
}

/**
 * One per process: the rooms this process has sockets in. Events, typing and presence travel over
 * the fan-out (LISTEN/NOTIFY across processes, in-process on PGlite); each process subscribes to a
 * room's topic while it has sockets there.
 */
export function createRoomsHub({ fanout, driver, loadEvent, log }: {
  fanout: Fanout;
  driver: 'postgres' | 'pglite';
  loadEvent: (negotiationId: string, seq: number) => Promise<NegotiationEventRow | null>;
  log: { warn(object: object, message: string): void };
}) {
  const processId = randomUUID();
  const rooms = new Map<string, Room>();

  const presenceOf = (room: Room): PresentMember[] => {
    const byUser = new Map<string, PresentMember>();
    for (const { member } of room.local.values()) byUser.set(member.userId, member);
    const staleBefore = Date.now() - 3 * PRESENCE_REFRESH_MS;
    for (const [id, entry] of room.remote) {
      if (entry.at < staleBefore) room.remote.delete(id);
      else for (const member of entry.members) byUser.set(member.userId, member);
    }
    return [...byUser.values()];
  };

  const presenceMessage = (room: Room, ask: boolean): FanoutMessage => ({ t: 'presence', processId, members: [...room.local.values()].map((entry) => entry.member), ask });
  const announce = (negotiationId: string, room: Room, ask = false) =>
    fanout
      .publish(topicOf(negotiationId), presenceMessage(room, ask))
      .catch((error: Error) => log.warn({ err: error.message, negotiationId }, 'presence not announced'));

  function tellPresence(room: Room) {
    const members = presenceOf(room);
    for (const listener of room.listeners) listener.onPresence(members);
  }

  function receive(negotiationId: string, room: Room, message: FanoutMessage) {
    if (message.t === 'presence') {
      if (message.processId === processId) return;
      room.remote.set(message.processId, { members: message.members, at: Date.now() });
      if (message.ask && room.local.size) void announce(negotiationId, room);
      return tellPresence(room);
    }
    if (message.t === 'typing') {
      for (const listener of room.listeners) listener.onTyping({ userId: message.userId, name: message.name });
      return;
    }
    if (message.t === 'event') return deliverToRoom(negotiationId, room, message.event);
    deliverToRoom(negotiationId, room, () => loadEvent(negotiationId, message.seq).then((row) => (row ? toWireEvent(row) : null)));
  }

  /** In the room's order: a ref's database read cannot let the next event overtake it. */
  function deliverToRoom(negotiationId: string, room: Room, event: NegotiationEvent | (() => Promise<NegotiationEvent | null>)) {
    room.queue = room.queue.then(async () => {
      const known = typeof event === 'function' ? await event() : event;
      if (!known) return;
      for (const listener of room.listeners) listener.onEvent(known);
    }).catch((error: Error) => log.warn({ err: error.message, negotiationId }, 'negotiation event not delivered live (clients catch up on their next event)'));
  }

  const unsubscribeResync = fanout.onReconnect(() => {
    for (const [negotiationId, room] of rooms) {
      for (const listener of room.listeners) listener.onResync();
      void announce(negotiationId, room, true);
    }
  });

  // Every room's refresh in one statement: thousands of separate NOTIFY commits would queue the writes.
  const refresher = setInterval(() => {
    const messages = [...rooms].filter(([, room]) => room.local.size).map(([negotiationId, room]) => ({ topic: topicOf(negotiationId), data: presenceMessage(room, false) }));
    fanout.publishMany(messages).catch((error: Error) => log.warn({ err: error.message, rooms: messages.length }, 'presence not refreshed'));
  }, PRESENCE_REFRESH_MS);
  refresher.unref();

  return {
    processId,

    /** Starts delivering the room's events to the listener (before its replay is read: no window). */
    listen(negotiationId: string, listener: RoomListener): () => void {
      let room = rooms.get(negotiationId);
      if (!room) {
        const created: Room = { listeners: new Set(), local: new Map(), remote: new Map(), unsubscribe: () => undefined, queue: Promise.resolve() };
        created.unsubscribe = fanout.subscribe(topicOf(negotiationId), (data) => receive(negotiationId, created, data as FanoutMessage));
        rooms.set(negotiationId, created);
        room = created;
      }
      room.listeners.add(listener);
      const current = room;
      return () => {
        current.listeners.delete(listener);
        if (current.listeners.size === 0 && current.local.size === 0) {
          current.unsubscribe();
          rooms.delete(negotiationId);
        }
      };
    },

    /** A person's socket entered (or left) the room: everyone there is told who is present. */
    join(negotiationId: string, member: PresentMember) {
      const room = rooms.get(negotiationId);
      if (!room) return;
      const entry = room.local.get(member.userId);
      if (entry) entry.sockets += 1;
      else room.local.set(member.userId, { member, sockets: 1 });
      tellPresence(room);
      // The first socket here asks the other processes who they hold.
      void announce(negotiationId, room, room.local.size === 1 && !entry);
    },

    leave(negotiationId: string, userId: string) {
      const room = rooms.get(negotiationId);
      const entry = room?.local.get(userId);
      if (!room || !entry) return;
      entry.sockets -= 1;
      if (entry.sockets > 0) return;
      room.local.delete(userId);
      tellPresence(room);
      void announce(negotiationId, room);
      if (room.listeners.size === 0 && room.local.size === 0) {
        room.unsubscribe();
        rooms.delete(negotiationId);
      }
    },

    presence(negotiationId: string): PresentMember[] {
      const room = rooms.get(negotiationId);
      return room ? presenceOf(room) : [];
    },

    isPresent(negotiationId: string, userId: string): boolean {
      return this.presence(negotiationId).some((member) => member.userId === userId);
    },

    typing(negotiationId: string, notice: { userId: string; name: string }) {
      fanout.publish(topicOf(negotiationId), { t: 'typing', ...notice } satisfies FanoutMessage).catch(() => undefined);
    },

    /**
     * Publishes events the caller hands to `deliverCommitted` after the commit: to the other
     * processes only. On PostgreSQL inside the write's transaction (NOTIFY is sent on commit, never
     * for a rollback); the in-process fan-out has nobody else to tell.
     */
    publish: (events: NegotiationEventRow[], tx?: Tx) => publishRoomEvents(fanout, events, tx, { elsewhere: true }),

    /**
     * The NOTIFY of an event the statement that appends it will number: the payload as `publish`
     * sends it, with the seq written in by PostgreSQL. Only where publishing is transactional.
     */
    notifyTemplate: driver === 'postgres'
      ? (event: NegotiationEvent): NotifyTemplate => {
        const data = messageOf(event);
        return { channel: FANOUT_CHANNEL, payload: fanout.encode(topicOf(event.negotiationId), data, { elsewhere: true }), seqPath: data.t === 'event' ? '{data,event,seq}' : '{data,seq}' };
      }
      : null,

    /**
     * Hands events this process just committed to its own sockets, without waiting for its own
     * NOTIFY to come back (the fan-out drops that echo unread; other processes still learn of them
     * through NOTIFY). Only after the commit: nothing uncommitted is ever shown. An
     * event that overtakes another process's earlier one is a seq gap, which the socket fills from
     * the database first, so the order each client sees stays gap-free.
     */
    deliverCommitted(events: NegotiationEventRow[]) {
      for (const row of events) {
        const room = rooms.get(row.negotiationId);
        if (room) deliverToRoom(row.negotiationId, room, toWireEvent(row));
      }
    },

    /** Whether publish belongs inside the transaction (PostgreSQL) or after it (in-process). */
    publishesInTransaction: driver === 'postgres',

    close() {
      clearInterval(refresher);
      unsubscribeResync();
      for (const room of rooms.values()) room.unsubscribe();
      rooms.clear();
    },
  };
}
export type RoomsHub = ReturnType<typeof createRoomsHub>;
