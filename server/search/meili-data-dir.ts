import { randomBytes } from 'node:crypto';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { MeiliLogger } from './meili-process.ts';

const MIN_KEY_LENGTH = 16; // Meilisearch refuses shorter master keys in production mode.
const STALE_STOP_GRACE_MS = 5_000;

/**
 * Returns the master key stored in `<dataDir>/master-key`, creating it on first use. Meilisearch
 * accepts a new master key on restart, but every API key it derived from the old one changes
 * value, so the key has to stay stable across restarts.
 */
export async function readOrCreateMasterKey(dataDir: string): Promise<string> {
  const path = join(dataDir, 'master-key');
  const stored = await readFileIfExists(path);
  if (stored !== undefined) {
    const key = stored.trim();
    if (key.length < MIN_KEY_LENGTH) {
      throw new Error(`${path} holds a master key shorter than ${MIN_KEY_LENGTH} characters; fix or delete it.`);
    }
    return key;
  }
  const key = randomBytes(32).toString('base64url');
  try {
    // 'wx': two processes starting at once must not overwrite each other's key.
    await writeFile(path, `${key}\n`, { mode: 0o600, flag: 'wx' });
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readOrCreateMasterKey(dataDir);
    throw error;
  }
}

export async function writePidFile(dataDir: string, pid: number): Promise<void> {
  await writeFile(join(dataDir, 'meilisearch.pid'), `${pid}\n`, { mode: 0o600 });
}

/** Removes the pid file unless another instance has replaced it meanwhile. */
export async function removePidFile(dataDir: string, pid: number): Promise<void> {
  const path = join(dataDir, 'meilisearch.pid');
  if ((await readFileIfExists(path))?.trim() === String(pid)) await rm(path, { force: true });
}

/**
 * Stops a Meilisearch still serving this data dir, left behind when Node died without running its
 * 'exit' handlers (SIGKILL, an unhandled SIGTERM). Meilisearch takes no lock on its database, so a
 * second instance would happily share it. The command line is checked so a recycled pid is spared.
 */
export async function stopStaleMeilisearch(dataDir: string, logger: MeiliLogger): Promise<void> {
  const pid = Number((await readFileIfExists(join(dataDir, 'meilisearch.pid')))?.trim());
  const dbPath = join(dataDir, 'db');
  if (!Number.isInteger(pid) || pid <= 0 || !(await isMeilisearchServing(pid, dbPath))) return;

  logger.warn({ pid, dataDir }, 'Stopping a Meilisearch left running by an earlier process');
  signalProcess(pid, 'SIGTERM');
  const deadline = Date.now() + STALE_STOP_GRACE_MS;
  while (await isMeilisearchServing(pid, dbPath)) {
    if (Date.now() > deadline) signalProcess(pid, 'SIGKILL');
    await sleep(50);
  }
}

async function isMeilisearchServing(pid: number, dbPath: string): Promise<boolean> {
  // A zombie has an empty cmdline; a process dying while we read it gives ESRCH.
  const cmdline = await readFileIfExists(`/proc/${pid}/cmdline`).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ESRCH') return undefined;
    throw error;
  });
  const args = cmdline?.split('\0') ?? [];
  const dbFlag = args.indexOf('--db-path');
  return dbFlag >= 0 && args[dbFlag + 1] === dbPath;
}

function signalProcess(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

async function readFileIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
