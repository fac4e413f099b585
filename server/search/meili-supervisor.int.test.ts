import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkMeiliHealth, createMeiliClient } from './meili-client.ts';
import type { MeiliLogger } from './meili-process.ts';
import { type SupervisedMeilisearch, type SupervisorState, superviseLocalMeilisearch } from './meili-supervisor.ts';

type LogEntry = { level: string; obj: Record<string, unknown>; msg?: string };

function createRecordingLogger(): MeiliLogger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const record = (level: string) => (obj: object, msg?: string) => void entries.push({ level, obj: obj as Record<string, unknown>, msg });
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

async function waitFor<T>(read: () => T | Promise<T>, accept: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out; last value ${JSON.stringify(value)}`);
    await sleep(20);
  }
}

describe('supervised local Meilisearch', { timeout: 60_000 }, () => {
  let dataDir: string;
  let meili: SupervisedMeilisearch;
  const logger = createRecordingLogger();
  const restarts: number[] = [];
  const readPid = async () => Number((await readFile(join(dataDir, 'meilisearch.pid'), 'utf8')).trim());

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'kopir-meili-supervised-'));
    meili = await superviseLocalMeilisearch({ dataDir, logger }, { initialDelayMs: 300, maxDelayMs: 5_000, resetAfterMs: 60_000, downAfterFailures: 5 });
    meili.onRestart(() => restarts.push(Date.now()));
  });

  afterAll(async () => {
    await meili?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('restarts Meilisearch killed with SIGKILL on the same URL and key, with its data', async () => {
    const client = createMeiliClient({ url: meili.url, apiKey: meili.masterKey });
    expect((await client.index('tasks').addDocuments([{ id: 1, title: 'Welding of titanium alloys' }]).waitTask()).status).toBe('succeeded');
    const firstPid = await readPid();

    process.kill(firstPid, 'SIGKILL');
    const restarting = await waitFor(() => meili.state(), (state) => state.status !== 'up');
    expect(restarting).toMatchObject({ status: 'restarting', restarts: 0, lastExitAt: expect.any(Date) });
    const up = await waitFor(() => meili.state(), (state: SupervisorState) => state.status === 'up');
    expect(up.restarts).toBe(1);
    expect(restarts).toHaveLength(1);

    const secondPid = await readPid();
    expect(secondPid).not.toBe(firstPid);
    expect(await checkMeiliHealth(client)).toMatchObject({ status: 'ok' });
    expect((await client.index('tasks').search('titanium')).hits).toHaveLength(1);
    const exitLog = logger.entries.find((e) => e.level === 'error' && e.msg === 'Meilisearch exited unexpectedly');
    expect(exitLog?.obj).toMatchObject({ signal: 'SIGKILL' });
    expect(logger.entries.some((e) => e.msg === 'Meilisearch restarted' && e.obj.pid === secondPid)).toBe(true);
  });

  it('waits twice as long before each restart while Meilisearch keeps dying', async () => {
    process.kill(await readPid(), 'SIGKILL');
    await waitFor(() => meili.state(), (state) => state.restarts === 2 && state.status === 'up');
    const delays = logger.entries.filter((e) => e.msg === 'Meilisearch will be restarted').map((e) => e.obj.delayMs);
    expect(delays).toEqual([300, 600]);
  });

  it('does not restart Meilisearch once stopped', async () => {
    const pid = await readPid();
    await meili.stop();
    expect(isProcessAlive(pid)).toBe(false);
    await sleep(1_500);
    expect(meili.state()).toMatchObject({ status: 'down', restarts: 2 });
    expect(restarts).toHaveLength(2);
    expect(logger.entries.filter((e) => e.msg === 'Meilisearch will be restarted')).toHaveLength(2);
  });
});
