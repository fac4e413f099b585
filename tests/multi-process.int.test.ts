// Two real server processes behind one PostgreSQL database: live notifications reach sockets held
// by the other process (LISTEN/NOTIFY), and the search indexer never indexes an outbox row twice
// (an advisory lock makes its runs exclusive; alerts follow indexing, so they are not doubled either).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import WebSocket from 'ws';
import { createTestDatabase, type TestDatabase } from './helpers/test-database.ts';
import { publishableTaskBody } from './helpers/test-client.ts';
import { createHttpClient, freePort, startServer, stopServer, type ServerProcess } from './helpers/server-process.ts';
import { createRecordingClient, expectSameGapFreeSequence, openNegotiationRoom, readHistory, sessionHeaders, socketUrl } from './helpers/negotiation-client.ts';

function openLiveSocket(server: ServerProcess, cookie: string) {
  const received: { type: string; notification?: { subjectId: string } }[] = [];
  const socket = new WebSocket(`${server.url.replace('http', 'ws')}/api/notifications/live`, { headers: { cookie } });
  const hello = new Promise<void>((resolve, reject) => {
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString());
      received.push(message);
      if (message.type === 'hello') resolve();
    });
    socket.on('error', reject);
  });
  return { socket, received, hello };
}

async function waitUntil(condition: () => boolean, timeoutMs: number, what: string) {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(!process.env.TEST_DATABASE_URL)('two server processes on one PostgreSQL', { timeout: 180_000 }, () => {
  let testDatabase: TestDatabase;
  let servers: ServerProcess[] = [];

  beforeAll(async () => {
    testDatabase = await createTestDatabase();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: testDatabase.url!,
      KOPIR_DEMO_DATA: 'false',
      MEILI_URL: inject('meiliUrl'),
      MEILI_MASTER_KEY: inject('meiliMasterKey'),
      MEILI_INDEX_PREFIX: `mp${randomBytes(3).toString('hex')}_`,
      // Both processes must sign and read the same cookies.
      KOPIR_SECRET: randomBytes(32).toString('hex'),
      KOPIR_INDEXER_INTERVAL_MS: '150',
      LOG_LEVEL: 'debug',
      NODE_ENV: 'test',
    };
    // Each process has its own data directory (secrets, no bundled Meilisearch): only PostgreSQL is shared.
    const start = async (name: string) => startServer({ ...env, KOPIR_DATA_DIR: await fs.mkdtemp(path.join(os.tmpdir(), `kopir-${name}-`)) }, await freePort());
    servers = await Promise.all([start('a'), start('b')]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all(servers.map((server) => stopServer(server)));
    await testDatabase?.destroy();
  });

  it('delivers notifications to sockets on either process, and indexes every outbox row exactly once', async () => {
    const [a, b] = servers;
    const enterprise = createHttpClient(a.url);
    await enterprise.signUp('enterprise');
    const institute = createHttpClient(b.url);
    await institute.signUp('institute');
    expect((await institute.request('POST', '/api/saved-searches', { name: 'Selenium', query: { q: 'selenium' } })).status).toBe(201);

    // The same person, one tab on each process.
    const onA = openLiveSocket(a, institute.cookieHeader());
    const onB = openLiveSocket(b, institute.cookieHeader());
    await Promise.all([onA.hello, onB.hello]);

    // The enterprise's session works on both processes: write through each in turn, so both kick their indexer.
    const enterpriseOnB = createHttpClient(b.url);
    await enterpriseOnB.adoptSession(enterprise);
    const published: string[] = [];
    for (let index = 0; index < 8; index += 1) {
      const client = index % 2 === 0 ? enterprise : enterpriseOnB;
      const body = index < 4
        ? publishableTaskBody({ title: `Refined selenium from slimes, lot ${index}` })
        : publishableTaskBody({ title: `Mine water purification, site ${index}`, problem: 'Mine water with high sulphate content must be treated before discharge; we need a low-cost treatment route for 400 m3/h.' });
      const created = await client.request('POST', '/api/tasks', body);
      expect(created.status).toBe(201);
      expect((await client.request('POST', `/api/tasks/${created.body.id}/status`, { status: 'published' })).status).toBe(200);
      if (index < 4) published.push(created.body.id);
    }

    const notified = (socket: ReturnType<typeof openLiveSocket>) => socket.received.filter((message) => message.type === 'notification').map((message) => message.notification!.subjectId);
    await waitUntil(() => notified(onA).length >= 4 && notified(onB).length >= 4, 60_000, 'notifications on both sockets');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(notified(onA).sort()).toEqual([...published].sort());
    expect(notified(onB).sort()).toEqual([...published].sort());
    onA.socket.close();
    onB.socket.close();

    const confirmedRows = servers.flatMap((server) =>
      server
        .output()
        .split('\n')
        .filter((line) => line.includes('search index: batch confirmed'))
        .flatMap((line) => (JSON.parse(line) as { outboxIds: number[] }).outboxIds),
    );
    expect(confirmedRows.length).toBeGreaterThan(8);
    expect(new Set(confirmedRows).size).toBe(confirmedRows.length);
  });

  it("delivers negotiation events written through one process live to the other process's clients, as one gap-free sequence", async () => {
    const [a, b] = servers;
    const enterprise = createHttpClient(a.url);
    await enterprise.signUp('enterprise');
    const institute = createHttpClient(b.url);
    await institute.signUp('institute');
    const { negotiationId } = await openNegotiationRoom(enterprise, institute);

    // The enterprise's socket on process A, the institute's on process B.
    const sides = [
      createRecordingClient(socketUrl(a.url), sessionHeaders(a.url, enterprise.cookieHeader())),
      createRecordingClient(socketUrl(b.url), sessionHeaders(b.url, institute.cookieHeader())),
    ];
    const subscribed = sides.map((side) => new Promise<void>((resolve) => side.client.on('subscribed', () => resolve())));
    for (const side of sides) {
      side.client.subscribe(negotiationId);
      side.client.connect();
    }
    // Both replays are done: from here on, everything either side is handed arrives live.
    await Promise.all(subscribed);

    const sent: string[] = [];
    for (let index = 0; index < 40; index += 1) {
      const [side, name] = index % 2 === 0 ? [sides[0], 'enterprise'] : [sides[1], 'institute'];
      side.client.sendMessage(negotiationId, `${name} via its own process, ${index}`, `${name}-${index}`);
      sent.push(`${name}-${index}`);
    }
    await waitUntil(() => sides.every((side) => side.client.pending().length === 0), 60_000, 'every write acknowledged');
    const history = await readHistory(enterprise, negotiationId);
    const lastSeq = history[history.length - 1].seq;
    await waitUntil(() => sides.every((side) => side.client.lastSeq(negotiationId) === lastSeq), 60_000, 'both clients handed every event');

    expectSameGapFreeSequence(history, sent, sides);
    // One connection each: what came from the other process came over the fan-out, not a reconnect's replay.
    expect(sides.map((side) => side.connections())).toEqual([1, 1]);
    for (const side of sides) side.client.close();
  });
});
