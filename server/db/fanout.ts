import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from './database.ts';

/** The one PostgreSQL channel Kopir listens on; messages carry their topic inside. */
export const FANOUT_CHANNEL = 'kopir_fanout';
/** NOTIFY payloads are limited to 8000 bytes: messages carry ids and small records, never documents. */
export const MAX_FANOUT_BYTES = 7900;

export type FanoutListener = (data: unknown) => void;

interface LogLike {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
}

/**
 * Delivers a message to every server process on the same database: PostgreSQL LISTEN/NOTIFY when
 * several processes may share it, an in-process emitter for the embedded database (one process).
 * Each process gets each message once; while a LISTEN connection is re-established messages can be
 * missed, so `onReconnect` tells subscribers to catch up from the database (the source of truth).
 */
export interface Fanout {
  /** Sent when the transaction commits if `tx` is given (NOTIFY is transactional), else at once. */
  publish(topic: string, data: unknown, tx?: DbOrTx, options?: PublishOptions): Promise<void>;
  /**
   * Many messages in one statement: one commit instead of one per message (PostgreSQL
   * lets only one notifying transaction commit at a time, so a burst of single NOTIFYs would queue
   * every other writer that notifies behind it).
   */
  publishMany(messages: Array<{ topic: string; data: unknown }>, tx?: DbOrTx): Promise<void>;
  /** The payload `publish` would send, for a NOTIFY written into another statement; throws when too large. */
  encode(topic: string, data: unknown, options?: PublishOptions): string;
  subscribe(topic: string, listener: FanoutListener): () => void;
  onReconnect(listener: () => void): () => void;
  close(): Promise<void>;
}

export interface PublishOptions {
  /**
   * This process has already handed the message to its own subscribers: only the other processes
   * get it. Its own NOTIFY still comes back to its listener, which drops it unread (a live room's
   * every message would otherwise be parsed and dropped again here).
   */
  elsewhere?: boolean;
}

/** `o`: the process that need not read the message. A one-letter key comes first in jsonb's order too. */
function encode(topic: string, data: unknown, skipOrigin?: string): string {
  const payload = JSON.stringify(skipOrigin ? { o: skipOrigin, topic, data } : { topic, data });
  if (Buffer.byteLength(payload) > MAX_FANOUT_BYTES) throw new Error(`fan-out message on "${topic}" is too large for NOTIFY (${Buffer.byteLength(payload)} bytes)`);
  return payload;
}

function createLocalEmitter() {
  const emitter = new EventEmitter();
  // One listener per open socket or room subscription: many is normal, not a leak.
  emitter.setMaxListeners(0);
  return {
    emit: (topic: string, data: unknown) => emitter.emit(`topic:${topic}`, data),
    subscribe(topic: string, listener: FanoutListener) {
      emitter.on(`topic:${topic}`, listener);
      return () => void emitter.off(`topic:${topic}`, listener);
    },
    onReconnect(listener: () => void) {
      emitter.on('reconnect', listener);
      return () => void emitter.off('reconnect', listener);
    },
    reconnected: () => emitter.emit('reconnect'),
  };
}

/** The embedded database serves one process: delivery is a function call (after commit, when in a transaction). */
export function createInProcessFanout(): Fanout {
  const local = createLocalEmitter();
  return {
    async publish(topic, data, _tx, options) {
      encode(topic, data);
      // One process: a message delivered here already has nobody else to reach.
      if (options?.elsewhere) return;
      // Keep the asynchronous hand-off of NOTIFY, so callers behave the same on both databases.
      setImmediate(() => local.emit(topic, data));
    },
    encode: (topic, data) => encode(topic, data),
    async publishMany(messages) {
      for (const { topic, data } of messages) encode(topic, data);
      setImmediate(() => {
        for (const { topic, data } of messages) local.emit(topic, data);
      });
    },
    subscribe: local.subscribe,
    onReconnect: local.onReconnect,
    async close() {},
  };
}

export interface PostgresFanoutOptions {
  connectionString: string;
  db: DbOrTx;
  log: LogLike;
  /** First delay before re-listening after the connection dropped; doubles up to 30 s. */
  retryMs?: number;
}

/** LISTEN on a dedicated connection (a pooled one would lose it), re-established with backoff. */
export async function createPostgresFanout({ connectionString, db, log, retryMs = 500 }: PostgresFanoutOptions): Promise<Fanout> {
  const { default: pg } = await import('pg');
  const local = createLocalEmitter();
  const origin = randomUUID();
  const ownEcho = `"${origin}"`;
  let client: InstanceType<typeof pg.Client> | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;

  async function listen(attempt: number): Promise<void> {
    const next = new pg.Client({ connectionString });
    next.on('notification', (message) => {
      if (message.channel !== FANOUT_CHANNEL || !message.payload) return;
      // Published with `elsewhere` by this process: its `o` is within the first characters (as
      // JSON.stringify or jsonb writes it), before anything a person could have typed.
      if (message.payload.lastIndexOf(ownEcho, 16) !== -1) return;
      try {
        const { topic, data } = JSON.parse(message.payload) as { topic: string; data: unknown };
        local.emit(topic, data);
      } catch (error) {
        log.warn({ err: (error as Error).message }, 'fan-out: ignored a malformed message');
      }
    });
    next.on('error', (error) => {
      log.warn({ err: error.message }, 'fan-out: the LISTEN connection failed; reconnecting');
      void next.end().catch(() => undefined);
      if (client === next) scheduleReconnect(1);
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${FANOUT_CHANNEL}`);
      client = next;
      if (attempt > 0) {
        log.info({ attempt }, 'fan-out: listening again');
        local.reconnected();
      }
    } catch (error) {
      await next.end().catch(() => undefined);
      if (attempt === 0) throw error;
      log.warn({ err: (error as Error).message, attempt }, 'fan-out: could not listen yet');
      scheduleReconnect(attempt + 1);
    }
  }

  function scheduleReconnect(attempt: number) {
    client = null;
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = null;
      void listen(attempt);
    }, Math.min(30_000, retryMs * 2 ** (attempt - 1)));
    retry.unref();
  }

  await listen(0);
  return {
    async publish(topic, data, tx = db, options) {
      await tx.execute(sql`select pg_notify(${FANOUT_CHANNEL}, ${encode(topic, data, options?.elsewhere ? origin : undefined)})`);
    },
    encode: (topic, data, options) => encode(topic, data, options?.elsewhere ? origin : undefined),
    async publishMany(messages, tx = db) {
      if (!messages.length) return;
      const payloads = JSON.stringify(messages.map(({ topic, data }) => encode(topic, data)));
      await tx.execute(sql`select count(pg_notify(${FANOUT_CHANNEL}, payload)) from jsonb_array_elements_text(${payloads}::jsonb) as payload`);
    },
    subscribe: local.subscribe,
    onReconnect: local.onReconnect,
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      const current = client;
      client = null;
      await current?.end().catch(() => undefined);
    },
  };
}
