// The `kopir` command line against a real embedded database, and next to a running server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';

const BIN = path.resolve('bin/kopir.js');
let dataDir: string;
let env: NodeJS.ProcessEnv;

function kopir(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function writeJson(name: string, data: unknown) {
  const file = path.join(dataDir, name);
  await fs.writeFile(file, JSON.stringify(data));
  return file;
}

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'kopir-cli-'));
  env = {
    ...process.env,
    KOPIR_DATA_DIR: path.join(dataDir, 'data'),
    KOPIR_DEMO_DATA: 'false',
    MEILI_URL: inject('meiliUrl'),
    MEILI_MASTER_KEY: inject('meiliMasterKey'),
    MEILI_INDEX_PREFIX: `cli${process.pid}_`,
    LOG_LEVEL: 'warn',
    DATABASE_URL: '',
  };
});
afterAll(() => fs.rm(dataDir, { recursive: true, force: true }));

// Each command is a fresh Node process (tsx, PGlite start-up): generous timeouts for a busy 2-core CI box.
describe('kopir CLI on the embedded database', { timeout: 120_000 }, () => {
  it('migrates, imports and reports a bad record with its position', async () => {
    expect((await kopir('migrate')).stdout).toContain('Migrations applied (pglite)');
    const good = await writeJson('good.json', {
      institutes: [{ externalId: 'i-1', name: 'Институт горного дела', lang: 'ru', region: 'karaganda', description: 'Геомеханика.' }],
      tasks: [{ externalId: 't-1', enterprise: 'Coal Corp', lang: 'en', title: 'Mine methane drainage', description: 'Degas the seam.', priorityArea: 'energy', region: 'karaganda', trlTarget: 6 }],
    });
    const imported = await kopir('import', good);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('institutes 1 created');
    const bad = await writeJson('bad.json', { tasks: [{ externalId: 't-2', enterprise: 'Coal Corp', lang: 'xx', title: 'Broken', description: 'x', priorityArea: 'energy', region: 'karaganda', trlTarget: 6 }] });
    const rejected = await kopir('import', bad);
    expect(rejected.code).toBe(1);
    expect(rejected.stderr).toMatch(/tasks\[0\] \(t-2\) lang/);
    const notJson = await writeJson('broken.json', '{');
    await fs.writeFile(notJson, '{ not json');
    expect((await kopir('import', notJson)).stderr).toContain('Cannot read');
  });

  it('creates a user and prints an admin token on the last line', async () => {
    const user = await kopir('user', 'create', '--email', 'ops@example.kz', '--name', 'Ops', '--org', 'Coal Corp', '--role', 'owner');
    expect(user.stdout).toContain('owner of Coal Corp');
    expect(user.stdout).toMatch(/Password \(shown once\): \S+/);
    const token = await kopir('token', 'create', '--name', 'ci', '--role', 'admin');
    expect(token.code).toBe(0);
    expect(token.stdout.trim().split('\n').at(-1)).toMatch(/^kpr_[\w-]{30,}$/);
    const unclear = await kopir('token', 'create', '--name', 'x');
    expect(unclear.code).toBe(1);
    expect(unclear.stderr).toContain('--org');
  });

  describe('while a server holds the data directory', () => {
    let server: ChildProcess;
    let token: string;
    const port = 3100 + (process.pid % 500);

    beforeAll(async () => {
      token = (await kopir('token', 'create', '--name', 'erp', '--org', 'Coal Corp')).stdout.trim().split('\n').at(-1)!;
      server = spawn(process.execPath, [BIN, 'serve'], { env: { ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: 'pipe' });
      for (let attempt = 0; attempt < 450; attempt++) {
        const up = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false);
        if (up) return;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      throw new Error('server did not start');
    }, 120_000);
    afterAll(async () => {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
    });

    it('the CLI refuses clearly instead of hanging or corrupting', async () => {
      const started = Date.now();
      const result = await kopir('migrate');
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('in use by a running Kopir server');
      expect(Date.now() - started).toBeLessThan(15_000);
    });

    it('an organisation token from the CLI works over real HTTP', async () => {
      const response = await fetch(`http://127.0.0.1:${port}/api/tasks?pageSize=5`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(200);
      const body = await response.json();
      expect(body.items[0]).toMatchObject({ externalId: 't-1', title: 'Mine methane drainage' });
      const denied = await fetch(`http://127.0.0.1:${port}/api/tasks`, { headers: { authorization: 'Bearer kpr_wrong' } });
      expect(denied.status).toBe(401);
    });
  });
});
