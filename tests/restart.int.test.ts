// The real server killed with SIGKILL and started again at once, on the same embedded data directory.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { lockDataDir } from '../server/db/data-dir-lock.ts';
import { createHttpClient, freePort, startServer, stopServer, type ServerProcess } from './helpers/server-process.ts';
import { publishableTaskBody } from './helpers/test-client.ts';

let root: string;
let env: NodeJS.ProcessEnv;
let server: ServerProcess | undefined;

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'kopir-restart-'));
  // A stand-in page: this test is about the server, and building the web app costs a minute.
  await fs.mkdir(path.join(root, 'web'));
  await fs.writeFile(path.join(root, 'web', 'index.html'), '<!doctype html><title>Kopir</title>');
  env = {
    ...process.env,
    KOPIR_DATA_DIR: path.join(root, 'data'),
    KOPIR_DEMO_DATA: 'false',
    KOPIR_WEB_DIR: path.join(root, 'web'),
    MEILI_URL: inject('meiliUrl'),
    MEILI_MASTER_KEY: inject('meiliMasterKey'),
    MEILI_INDEX_PREFIX: `restart${process.pid}_`,
    LOG_LEVEL: 'info',
    DATABASE_URL: '',
  };
});
afterAll(async () => {
  await stopServer(server);
  await fs.rm(root, { recursive: true, force: true });
});

describe('kopir serve after kill -9', { timeout: 400_000 }, () => {
  it('starts again at once on the same data directory and keeps the acknowledged writes', async () => {
    const port = await freePort();
    server = await startServer(env, port);
    const person = createHttpClient(server.url);
    const credentials = await person.signUp('enterprise');
    const created = await person.post('/api/tasks', publishableTaskBody({ title: 'Written just before the crash' }));
    expect(created.status).toBe(201);

    server.child.kill('SIGKILL');
    await server.exited;
    // The killed server refreshed its lock moments ago. On a loaded machine the next start can take
    // longer than the 10 s after which a lock goes stale by age, so pin the lock as freshly refreshed:
    // only the recorded holder being gone can then explain the takeover.
    const lockDir = path.join(env.KOPIR_DATA_DIR!, '.kopir.lock');
    const future = new Date(Date.now() + 300_000);
    await fs.utimes(lockDir, future, future);
    server = await startServer(env, port);
    expect(server.output()).toMatch(/took over the data directory from a Kopir process that is no longer running/);

    const again = createHttpClient(server.url);
    expect((await again.signIn(credentials)).status).toBe(200);
    const task = await again.get(`/api/tasks/${created.body.id}`);
    expect(task.status).toBe(200);
    expect(task.body).toMatchObject({ id: created.body.id, title: 'Written just before the crash' });
  });

  it('a second server on a data directory held by a live one still refuses clearly', async () => {
    const second = await startServer(env, await freePort()).then(
      () => null,
      (error: Error) => error,
    );
    expect(second?.message).toMatch(/in use by a running Kopir server \(process \d+\)/);
    expect((await fetch(`${server!.url}/api/health`)).status).toBe(200);
  });
});

describe('the data-directory lock', () => {
  it('is refused to a second holder in the same process, and free again once released', async () => {
    const dir = path.join(root, 'lock-only');
    const release = await lockDataDir(dir);
    await expect(lockDataDir(dir)).rejects.toThrow(/in use by a running Kopir server \(process \d+\)/);
    await release();
    const releaseAgain = await lockDataDir(dir);
    await releaseAgain();
  });

  it('is taken over from a recorded holder that is no longer running', async () => {
    const dir = path.join(root, 'dead-holder');
    await fs.mkdir(path.join(dir, '.kopir.lock'), { recursive: true });
    // A pid above the kernel's pid_max cannot belong to a running process.
    await fs.writeFile(path.join(dir, '.kopir.lock.pid'), JSON.stringify({ pid: 4_194_305, hostname: os.hostname(), startedAt: new Date().toISOString() }));
    const takenOver: number[] = [];
    const release = await lockDataDir(dir, { onTakeOver: (holder) => takenOver.push(holder.pid) });
    expect(takenOver).toEqual([4_194_305]);
    expect(JSON.parse(await fs.readFile(path.join(dir, '.kopir.lock.pid'), 'utf8')).pid).toBe(process.pid);
    await release();
  });

  it('waits for a fresh lock without a recorded holder to go stale when asked to, else refuses', async () => {
    const dir = path.join(root, 'unknown-holder');
    await fs.mkdir(path.join(dir, '.kopir.lock'), { recursive: true });
    await expect(lockDataDir(dir)).rejects.toThrow(/in use by a running Kopir server\./);
    // Eight seconds old: stale (10 s) about two seconds from now.
    const old = new Date(Date.now() - 8_000);
    await fs.utimes(path.join(dir, '.kopir.lock'), old, old);
    const started = Date.now();
    const release = await lockDataDir(dir, { waitForStaleMs: 5_000 });
    expect(Date.now() - started).toBeGreaterThan(1_000);
    await release();
  });
});
