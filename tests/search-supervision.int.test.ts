// The real server with its bundled Meilisearch; the Meilisearch child is killed with SIGKILL under it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createHttpClient, freePort, startServer, stopServer, type ServerProcess } from './helpers/server-process.ts';
import { publishableTaskBody } from './helpers/test-client.ts';

let root: string;
let server: ServerProcess | undefined;

type SearchHealth = { status: string; process: { status: string; restarts: number; lastExitAt: string | null } | null; indexLag: { pending: number } };

async function searchHealth(): Promise<{ status: string; search: SearchHealth }> {
  return (await fetch(`${server!.url}/api/health`)).json();
}

async function waitFor<T>(read: () => Promise<T>, accept: (value: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value: T;
  do {
    value = await read();
    if (accept(value)) return value;
    await sleep(25);
  } while (Date.now() < deadline);
  throw new Error(`${what}: timed out; last ${JSON.stringify(value)}\n${server?.output().slice(-3000)}`);
}

async function killMeilisearch(): Promise<number> {
  const pid = Number((await fs.readFile(path.join(root, 'data', 'meili', 'meilisearch.pid'), 'utf8')).trim());
  process.kill(pid, 'SIGKILL');
  return pid;
}

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'kopir-meili-supervision-'));
  await fs.mkdir(path.join(root, 'web'));
  await fs.writeFile(path.join(root, 'web', 'index.html'), '<!doctype html><title>Kopir</title>');
  const env = {
    ...process.env,
    KOPIR_DATA_DIR: path.join(root, 'data'),
    KOPIR_WEB_DIR: path.join(root, 'web'),
    KOPIR_DEMO_DATA: 'false',
    // No MEILI_URL: Kopir starts and supervises its bundled Meilisearch.
    MEILI_URL: '',
    MEILI_MASTER_KEY: '',
    LOG_LEVEL: 'info',
    DATABASE_URL: '',
  };
  server = await startServer(env, await freePort());
}, 120_000);
afterAll(async () => {
  await stopServer(server);
  await fs.rm(root, { recursive: true, force: true });
});

describe('the bundled Meilisearch under supervision', { timeout: 180_000 }, () => {
  it('is restarted after kill -9, health shows it, and a task written while it was down becomes searchable', async () => {
    expect((await searchHealth()).search).toMatchObject({ status: 'ok', process: { status: 'up', restarts: 0, lastExitAt: null } });
    const enterprise = createHttpClient(server!.url);
    await enterprise.signUp('enterprise');

    // Two quick deaths: the second restart waits 1 s (0.5 s doubled), long enough to write meanwhile.
    await killMeilisearch();
    const first = await waitFor(searchHealth, (h) => h.search.process?.status !== 'up', 'restarting after the first kill');
    expect(first.search.process).toMatchObject({ status: 'restarting', restarts: 0, lastExitAt: expect.any(String) });
    await waitFor(searchHealth, (h) => h.search.process?.status === 'up' && h.status === 'ok', 'up after the first kill');

    await killMeilisearch();
    const down = await waitFor(searchHealth, (h) => h.search.process?.status === 'restarting', 'restarting after the second kill');
    expect(down).toMatchObject({ status: 'degraded', search: { status: 'down', process: { restarts: 1 } } });
    const created = await enterprise.post('/api/tasks', publishableTaskBody({ title: 'Bismuth recovery from lead dross' }));
    expect(created.status).toBe(201);
    expect((await enterprise.post(`/api/tasks/${created.body.id}/status`, { status: 'published' })).status).toBe(200);
    const afterWrite = await searchHealth();
    expect(afterWrite.search.process?.restarts).toBe(1); // the write landed before Meilisearch came back
    expect(afterWrite.search.indexLag.pending).toBeGreaterThan(0);

    const up = await waitFor(searchHealth, (h) => h.search.process?.status === 'up' && h.status === 'ok', 'up after the second kill');
    expect(up.search.process?.restarts).toBe(2);
    const visitor = createHttpClient(server!.url);
    const found = await waitFor(
      () => visitor.get(`/api/search/tasks?q=${encodeURIComponent('bismuth dross')}&semanticRatio=0`),
      (r) => r.status === 200 && r.body.total === 1,
      'the task written during the outage in search results',
    );
    expect(found.body.items[0].item).toMatchObject({ id: created.body.id, title: 'Bismuth recovery from lead dross' });
    await waitFor(searchHealth, (h) => h.search.indexLag.pending === 0, 'the outbox backlog drained');
    expect(server!.output()).toMatch(/Meilisearch exited unexpectedly/);
    expect(server!.output()).toMatch(/Meilisearch restarted/);
  });

  it('stops the bundled Meilisearch with the server and does not restart it', async () => {
    const pid = Number((await fs.readFile(path.join(root, 'data', 'meili', 'meilisearch.pid'), 'utf8')).trim());
    await stopServer(server);
    expect(() => process.kill(pid, 0)).toThrow();
    await sleep(1_000);
    await expect(fs.readFile(path.join(root, 'data', 'meili', 'meilisearch.pid'), 'utf8')).rejects.toThrow(/ENOENT/);
    expect(server!.output()).toContain('shutting down');
    const afterShutdown = server!.output().slice(server!.output().indexOf('shutting down'));
    expect(afterShutdown).not.toMatch(/Meilisearch (exited unexpectedly|will be restarted|restarted)/);
  });
});
