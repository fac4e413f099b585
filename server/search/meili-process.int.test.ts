import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkMeiliHealth, createMeiliClient, findMeiliApiError } from './meili-client.ts';
import { type LocalMeilisearch, type MeiliLogger, startLocalMeilisearch } from './meili-process.ts';

type LogEntry = { level: string; obj: object; msg?: string };

function createRecordingLogger(): MeiliLogger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const record = (level: string) => (obj: object, msg?: string) => void entries.push({ level, obj, msg });
  return { entries, debug: record('debug'), warn: record('warn'), error: record('error') };
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('local Meilisearch', () => {
  let dataDir: string;
  let meili: LocalMeilisearch;
  const logger = createRecordingLogger();

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kopir-meili-'));
    meili = await startLocalMeilisearch({ dataDir, logger });
  });

  afterAll(async () => {
    await meili?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('starts healthy on a loopback port and sends its output to the logger', async () => {
    expect(meili.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await checkMeiliHealth(createMeiliClient({ url: meili.url }));
    expect(health).toMatchObject({ status: 'ok' });
    expect(logger.entries.some((e) => e.level === 'debug' && e.msg?.includes('Server listening on'))).toBe(true);
  });

  it('keeps a generated master key in the data dir, readable by the owner only', async () => {
    const file = join(dataDir, 'master-key');
    expect((await readFile(file, 'utf8')).trim()).toBe(meili.masterKey);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('indexes a document through the keep-alive client and finds it by search', async () => {
    const client = createMeiliClient({ url: meili.url, apiKey: meili.masterKey });
    const task = await client.index('tasks').addDocuments([{ id: 1, title: 'Welding of titanium alloys' }]).waitTask();
    expect(task.status).toBe('succeeded');
    const { hits } = await client.index('tasks').search('titanium');
    expect(hits).toEqual([{ id: 1, title: 'Welding of titanium alloys' }]);
  });

  it('surfaces a Meilisearch error as a thrown error carrying its code', async () => {
    const client = createMeiliClient({ url: meili.url, apiKey: meili.masterKey });
    const error = await client.index('tasks').search('x', { filter: 'title = 1' }).catch((e: unknown) => e);
    const apiError = findMeiliApiError(error);
    expect(apiError?.cause?.code).toBe('invalid_search_filter');
    expect(apiError?.response.status).toBe(400);
    expect(apiError?.message).toMatch(/filterable/);
  });

  it('rejects a wrong API key with invalid_api_key', async () => {
    const client = createMeiliClient({ url: meili.url, apiKey: 'not-the-key-not-the-key' });
    const error = await client.getIndexes().catch((e: unknown) => e);
    expect(findMeiliApiError(error)?.cause?.code).toBe('invalid_api_key');
  });

  it('stops (idempotently), then restarts on the same data dir with its data and key', async () => {
    const client = createMeiliClient({ url: meili.url, apiKey: meili.masterKey });
    const { pid, masterKey } = meili;
    await Promise.all([meili.stop(), meili.stop()]);
    await meili.stop();
    expect(isProcessAlive(pid)).toBe(false);
    expect(await checkMeiliHealth(client)).toMatchObject({ status: 'down', error: expect.any(String) });

    meili = await startLocalMeilisearch({ dataDir, logger });
    expect(meili.masterKey).toBe(masterKey);
    const restarted = createMeiliClient({ url: meili.url, apiKey: meili.masterKey });
    expect((await restarted.index('tasks').search('titanium')).hits).toHaveLength(1);
  });

  it('stops an instance left running on the same data dir before starting a new one', async () => {
    const orphan = meili;
    meili = await startLocalMeilisearch({ dataDir, logger });
    expect(isProcessAlive(orphan.pid)).toBe(false);
    expect(logger.entries.some((e) => e.level === 'warn' && e.msg?.includes('left running'))).toBe(true);
    expect(await checkMeiliHealth(createMeiliClient({ url: meili.url }))).toMatchObject({ status: 'ok' });
  });
});

describe('local Meilisearch startup failures', () => {
  let dataDir: string;
  let blocker: Server;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kopir-meili-fail-'));
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    blocker.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('rejects with Meilisearch last output when it exits during startup', async () => {
    const { port } = blocker.address() as AddressInfo;
    const start = startLocalMeilisearch({ dataDir, port, logger: createRecordingLogger() });
    await expect(start).rejects.toThrow(/exited during startup[\s\S]*Address already in use/i);
  });
});
