// The real server killed with SIGKILL while two people are writing into a room, then started again on
// the same data: every acknowledged event is still there at the seq its ack named, the clients
// reconnect by themselves, resend what was not acknowledged, and end with the same gap-free history.
// On PostgreSQL when TEST_DATABASE_URL is set, else on the embedded database's data directory.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from './helpers/test-database.ts';
import { createHttpClient, freePort, startServer, stopServer, type ServerProcess } from './helpers/server-process.ts';
import {
  createRecordingClient, expectSameGapFreeSequence, openNegotiationRoom, readHistory, sessionHeaders, socketUrl, waitFor, type RecordingClient,
} from './helpers/negotiation-client.ts';

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
const PER_SIDE = 150;
const KILL_AFTER_ACKS = 80;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let root: string;
let env: NodeJS.ProcessEnv;
let server: ServerProcess | undefined;
let testDatabase: TestDatabase | undefined;

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'kopir-neg-crash-'));
  // A stand-in page: this test is about the server, and building the web app costs a minute.
  await fs.mkdir(path.join(root, 'web'));
  await fs.writeFile(path.join(root, 'web', 'index.html'), '<!doctype html><title>Kopir</title>');
  if (onPostgres) testDatabase = await createTestDatabase();
  env = {
    ...process.env,
    KOPIR_DATA_DIR: path.join(root, 'data'),
    KOPIR_DEMO_DATA: 'false',
    KOPIR_WEB_DIR: path.join(root, 'web'),
    KOPIR_SECRET: randomBytes(32).toString('hex'),
    MEILI_URL: inject('meiliUrl'),
    MEILI_MASTER_KEY: inject('meiliMasterKey'),
    MEILI_INDEX_PREFIX: `negcrash${process.pid}_`,
    LOG_LEVEL: 'warn',
    DATABASE_URL: testDatabase?.url ?? '',
  };
});

afterAll(async () => {
  await stopServer(server);
  await testDatabase?.destroy();
  await fs.rm(root, { recursive: true, force: true });
});

describe(`a negotiation after kill -9 (${onPostgres ? 'PostgreSQL' : 'embedded database'})`, { timeout: 600_000 }, () => {
  it('loses no acknowledged event, and the clients recover to the same gap-free history', async () => {
    const port = await freePort();
    server = await startServer(env, port, 300_000);
    const enterprise = createHttpClient(server.url);
    await enterprise.signUp('enterprise');
    const institute = createHttpClient(server.url);
    await institute.signUp('institute');
    const { negotiationId } = await openNegotiationRoom(enterprise, institute);

    const url = server.url;
    const sides: RecordingClient[] = [enterprise, institute].map((person) =>
      createRecordingClient(socketUrl(url), sessionHeaders(url, person.cookieHeader()), { backoff: { minMs: 200, maxMs: 2_000 } }),
    );
    for (const side of sides) {
      side.client.subscribe(negotiationId);
      side.client.connect();
    }

    const sent: string[] = [];
    const write = async (side: RecordingClient, name: string) => {
      for (let index = 0; index < PER_SIDE; index += 1) {
        side.client.sendMessage(negotiationId, `${name} message ${index}`, `${name}-${index}`);
        sent.push(`${name}-${index}`);
        await sleep(10 + Math.random() * 30);
      }
    };
    const writing = Promise.all([write(sides[0], 'enterprise'), write(sides[1], 'institute')]);
    const acked = () => sides.reduce((sum, side) => sum + side.acks.size, 0);
    const progress = () => `acks ${sides.map((side) => side.acks.size).join('/')}, pending ${sides.map((side) => side.client.pending().length).join('/')}, ` +
      `events ${sides.map((side) => side.events.length).join('/')}, connections ${sides.map((side) => side.connections()).join('/')}`;

    // Mid-stream: some writes acknowledged, others on the wire or still queued.
    await waitFor(() => acked() >= KILL_AFTER_ACKS, 120_000, progress);
    server.child.kill('SIGKILL');
    await server.exited;
    const ackedBeforeKill = new Map(sides.flatMap((side) => [...side.acks]));
    expect(ackedBeforeKill.size).toBeLessThan(2 * PER_SIDE);

    if (!onPostgres) {
      // As in restart.int.test.ts: pin the dead holder's lock as fresh, so only the recorded holder
      // being gone can explain the takeover (a slow start must not win by the lock's age).
      const lockDir = path.join(env.KOPIR_DATA_DIR!, '.kopir.lock');
      const future = new Date(Date.now() + 300_000);
      await fs.utimes(lockDir, future, future);
    }
    server = await startServer(env, port, 300_000);

    await writing;
    await waitFor(() => sides.every((side) => side.client.pending().length === 0), 180_000, progress);
    const history = await readHistory(enterprise, negotiationId);
    const lastSeq = history[history.length - 1].seq;
    await waitFor(() => sides.every((side) => side.client.lastSeq(negotiationId) === lastSeq), 120_000, progress);

    const seqOf = new Map(history.map((event) => [event.clientMsgId, event.seq]));
    for (const [clientMsgId, seq] of ackedBeforeKill) expect(seqOf.get(clientMsgId), `acknowledged ${clientMsgId}`).toBe(seq);
    expectSameGapFreeSequence(history, sent, sides);
    expect(sides.flatMap((side) => side.rejected)).toEqual([]);
    for (const side of sides) expect(side.connections()).toBeGreaterThanOrEqual(2);
    for (const side of sides) side.client.close();
  });
});
