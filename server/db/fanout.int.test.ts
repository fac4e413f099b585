// Fan-out and exclusive runs on a real PostgreSQL: two Database handles on one database stand for two
// server processes (each has its own pool and its own LISTEN connection, as separate processes do).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from './database.ts';
import { createInProcessFanout, createPostgresFanout, type Fanout } from './fanout.ts';
import { createTestDatabase, type TestDatabase } from '../../tests/helpers/test-database.ts';

const silent = { info: () => undefined, warn: () => undefined };
const nextMessage = (fanout: Fanout, topic: string, timeoutMs = 5000) =>
  new Promise<unknown>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${topic}" message within ${timeoutMs} ms`)), timeoutMs);
    const off = fanout.subscribe(topic, (data) => {
      clearTimeout(timer);
      off();
      resolve(data);
    });
  });
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('in-process fan-out (the embedded database)', () => {
  it('delivers to every subscriber of the topic, after the publishing call returns', async () => {
    const fanout = createInProcessFanout();
    const received: unknown[] = [];
    fanout.subscribe('room', (data) => received.push(data));
    await fanout.publish('room', { seq: 1 });
    expect(received).toEqual([]);
    await pause(0);
    expect(received).toEqual([{ seq: 1 }]);
  });

  it('a message published "elsewhere" reaches nobody: there is no other process', async () => {
    const fanout = createInProcessFanout();
    const received: unknown[] = [];
    fanout.subscribe('room', (data) => received.push(data));
    await fanout.publish('room', { seq: 1 }, undefined, { elsewhere: true });
    await fanout.publish('room', { seq: 2 });
    await pause(0);
    expect(received).toEqual([{ seq: 2 }]);
  });

  it('refuses a message too large for NOTIFY, as PostgreSQL would', async () => {
    await expect(createInProcessFanout().publish('room', { text: 'x'.repeat(9000) })).rejects.toThrow(/too large/);
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('PostgreSQL fan-out and exclusive runs across processes', () => {
  let testDatabase: TestDatabase;
  let second: Database;
  let fanoutA: Fanout;
  let fanoutB: Fanout;

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    second = await openDatabase({ databaseUrl: testDatabase.url, pgliteDir: null });
    fanoutA = await createPostgresFanout({ connectionString: testDatabase.url!, db: testDatabase.database.db, log: silent, retryMs: 50 });
    fanoutB = await createPostgresFanout({ connectionString: testDatabase.url!, db: second.db, log: silent, retryMs: 50 });
  });
  afterAll(async () => {
    await fanoutA?.close();
    await fanoutB?.close();
    await second?.close();
    await testDatabase?.destroy();
  });

  it('a message published by one process reaches the other', async () => {
    const arriving = nextMessage(fanoutB, 'notification');
    await fanoutA.publish('notification', { userId: 'u1', text: 'Новая задача: селен' });
    expect(await arriving).toEqual({ userId: 'u1', text: 'Новая задача: селен' });
  });

  it('a message published inside a transaction is sent on commit, and never on rollback', async () => {
    const received: unknown[] = [];
    const off = fanoutB.subscribe('event', (data) => received.push(data));
    await testDatabase.database.db
      .transaction(async (tx) => {
        await fanoutA.publish('event', { n: 'rolled back' }, tx);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    const committed = nextMessage(fanoutB, 'event');
    await testDatabase.database.db.transaction(async (tx) => {
      await fanoutA.publish('event', { n: 'committed' }, tx);
      await pause(100);
      expect(received).toEqual([]);
    });
    expect(await committed).toEqual({ n: 'committed' });
    off();
    expect(received).toEqual([{ n: 'committed' }]);
  });

  it('a message published "elsewhere" reaches the other process and not its own, also when it went through jsonb', async () => {
    const ownReceived: unknown[] = [];
    const offOwn = fanoutA.subscribe('room', (data) => ownReceived.push(data));
    const arriving = nextMessage(fanoutB, 'room');
    await fanoutA.publish('room', { seq: 1 }, undefined, { elsewhere: true });
    expect(await arriving).toEqual({ seq: 1 });
    // As a message's NOTIFY is written into the statement that appends it: rewritten by jsonb,
    // which orders keys and adds spaces.
    const rewritten = nextMessage(fanoutB, 'room');
    const payload = fanoutA.encode('room', { seq: 0, text: 'Привет' }, { elsewhere: true });
    await testDatabase.database.db.execute(sql`select pg_notify('kopir_fanout', jsonb_set(${payload}::jsonb, '{data,seq}', to_jsonb(2))::text)`);
    expect(await rewritten).toEqual({ seq: 2, text: 'Привет' });
    // Published without it, the same process receives its own message.
    const own = nextMessage(fanoutA, 'room');
    await fanoutA.publish('room', { seq: 3 });
    expect(await own).toEqual({ seq: 3 });
    offOwn();
    expect(ownReceived).toEqual([{ seq: 3 }]);
  });

  it('listens again after its connection is killed, and says so to subscribers', async () => {
    const reconnected = new Promise<void>((resolve) => fanoutB.onReconnect(resolve));
    await testDatabase.database.db.execute(sql`select pg_terminate_backend(pid) from pg_stat_activity where query = 'LISTEN kopir_fanout' and datname = current_database() and pid <> pg_backend_pid()`);
    await reconnected;
    const arriving = nextMessage(fanoutB, 'after');
    await fanoutA.publish('after', { ok: true });
    expect(await arriving).toEqual({ ok: true });
  });

  it('runs exclusive work in one process at a time; the other skips', async () => {
    let release!: () => void;
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    // The work runs only once the lock is held: wait for it instead of for a fixed time.
    const holding = testDatabase.database.runExclusive('indexer', () => new Promise<string>((resolve) => {
      release = () => resolve('first');
      started();
    }));
    await running;
    expect(await second.runExclusive('indexer', async () => 'second')).toBeNull();
    expect(await second.runExclusive('digest', async () => 'other work')).toBe('other work');
    release();
    expect(await holding).toBe('first');
    expect(await second.runExclusive('indexer', async () => 'second')).toBe('second');
  });

  it('a holder whose connection dies releases the lock with it', async () => {
    const third = await openDatabase({ databaseUrl: testDatabase.url, pgliteDir: null });
    let finish!: () => void;
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const stuck = third.runExclusive('indexer', () => new Promise<void>((resolve) => {
      finish = resolve;
      started();
    }));
    await running;
    expect(await second.runExclusive('indexer', async () => 'taken')).toBeNull();
    // Only this database's lock holders: other test files (the multi-process test) hold locks in theirs.
    await testDatabase.database.db.execute(sql`select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database()) and pid <> pg_backend_pid()`);
    // Termination is asynchronous: the lock goes once the backend has exited (give it up to 5 s).
    let taken: string | null = null;
    for (const deadline = Date.now() + 5000; taken === null && Date.now() < deadline; await pause(50)) {
      taken = await second.runExclusive('indexer', async () => 'taken');
    }
    expect(taken).toBe('taken');
    finish();
    await stuck;
    await third.close();
  });
});
