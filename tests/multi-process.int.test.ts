// Two real server processes behind one PostgreSQL database: live notifications reach sockets held
// by the other process (LISTEN/NOTIFY), and the search indexer never indexes an outbox row twice
// (an advisory lock makes its runs exclusive; alerts follow indexing, so they are not doubled either).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import WebSocket from 'ws';
import { createTestDatabase, type TestDatabase } from './helpers/test-database.ts';
import { publishableTaskBody, signUpBody } from './helpers/test-client.ts';

const BIN = path.resolve('bin/kopir.js');

interface ServerProcess {
  name: string;
  url: string;
  child: ChildProcess;
  log: string[];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function startServer(name: string, env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  const port = await freePort();
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), `kopir-${name}-`));
  const child = spawn(process.execPath, [BIN, 'serve'], { env: { ...env, PORT: String(port), HOST: '127.0.0.1', KOPIR_DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] });
  const server: ServerProcess = { name, url: `http://127.0.0.1:${port}`, child, log: [] };
  let partial = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    server.log.push(...lines);
  });
  child.stderr!.on('data', (chunk: Buffer) => server.log.push(chunk.toString()));
  for (let attempt = 0; attempt < 240; attempt += 1) {
    if (child.exitCode !== null) throw new Error(`${name} exited: ${server.log.slice(-20).join('\n')}`);
    const healthy = await fetch(`${server.url}/api/health`).then((response) => response.ok).catch(() => false);
    if (healthy) return server;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${name} did not come up: ${server.log.slice(-20).join('\n')}`);
}

/** A browser-like client over real HTTP: keeps cookies and sends the CSRF token on writes. */
function httpClient(baseUrl: string) {
  const cookies = new Map<string, string>();
  let csrf: string | null = null;
  async function request(method: string, url: string, body?: unknown) {
    const headers: Record<string, string> = {};
    if (cookies.size) headers.cookie = [...cookies].map(([key, value]) => `${key}=${value}`).join('; ');
    if (method !== 'GET' && csrf) headers['x-csrf-token'] = csrf;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(baseUrl + url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const index = pair.indexOf('=');
      cookies.set(pair.slice(0, index), pair.slice(index + 1));
    }
    const json = response.headers.get('content-type')?.includes('json') ? await response.json() : null;
    if (json && typeof json === 'object' && 'csrfToken' in json) csrf = json.csrfToken;
    return { status: response.status, body: json };
  }
  return {
    request,
    cookieHeader: () => [...cookies].map(([key, value]) => `${key}=${value}`).join('; '),
    /** The same person's session used against another server process. */
    on: (otherBaseUrl: string) => Object.assign(httpClient(otherBaseUrl), {}),
    cookies,
  };
}

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
    servers = await Promise.all([startServer('a', env), startServer('b', env)]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all(
      servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            if (server.child.exitCode !== null) return resolve();
            server.child.once('exit', () => resolve());
            server.child.kill('SIGTERM');
          }),
      ),
    );
    await testDatabase?.destroy();
  });

  it('delivers notifications to sockets on either process, and indexes every outbox row exactly once', async () => {
    const [a, b] = servers;
    const enterprise = httpClient(a.url);
    await enterprise.request('GET', '/api/auth/session');
    expect((await enterprise.request('POST', '/api/auth/sign-up', signUpBody('enterprise'))).status).toBe(201);

    const institute = httpClient(b.url);
    await institute.request('GET', '/api/auth/session');
    expect((await institute.request('POST', '/api/auth/sign-up', signUpBody('institute'))).status).toBe(201);
    expect((await institute.request('POST', '/api/saved-searches', { name: 'Selenium', query: { q: 'selenium' } })).status).toBe(201);

    // The same person, one tab on each process.
    const onA = openLiveSocket(a, institute.cookieHeader());
    const onB = openLiveSocket(b, institute.cookieHeader());
    await Promise.all([onA.hello, onB.hello]);

    // The enterprise's session works on both processes: write through each in turn, so both kick their indexer.
    const enterpriseOnB = httpClient(b.url);
    for (const [key, value] of enterprise.cookies) enterpriseOnB.cookies.set(key, value);
    await enterpriseOnB.request('GET', '/api/auth/session');
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
      server.log
        .filter((line) => line.includes('search index: batch confirmed'))
        .flatMap((line) => (JSON.parse(line) as { outboxIds: number[] }).outboxIds),
    );
    expect(confirmedRows.length).toBeGreaterThan(8);
    expect(new Set(confirmedRows).size).toBe(confirmedRows.length);
  });
});
