import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import lockfile from 'proper-lockfile';

export class DataDirBusyError extends Error {}

const LOCK_NAME = '.kopir.lock';
// The lock is refreshed every stale/2 while held and goes stale this long after its holder stopped refreshing.
const STALE_MS = 10_000;
// Acquiring (mkdir + recording the holder) and taking over a dead holder's lock happen under this
// short-lived guard, so two starting processes cannot both remove the same stale lock.
const ACQUIRE_GUARD = '.kopir.acquire'; // locked as `.kopir.acquire.lock`

export interface LockDataDirOptions {
  /**
   * How long to wait for a lock whose holder cannot be identified (no holder file, e.g. one left by
   * an older Kopir) to go stale. 0 (the default) refuses at once; a live holder is always refused.
   */
  waitForStaleMs?: number;
  /** Told when the lock of a process that is no longer running was taken over. */
  onTakeOver?: (holder: { pid: number; startedAt: string }) => void;
}

interface LockHolder {
  pid: number;
  hostname: string;
  startedAt: string;
}

/**
 * PGlite is a single-process database: two processes on one data directory would corrupt it.
 * The lock is a directory refreshed while held; next to it `.kopir.lock.pid` names the holder.
 * A lock whose holder process is gone (a `kill -9`, a crash) is taken over at once; one held by a
 * live process is refused; one whose holder is unknown goes stale 10 s after its last refresh.
 */
export async function lockDataDir(dir: string, options: LockDataDirOptions = {}): Promise<() => Promise<void>> {
  await fs.mkdir(dir, { recursive: true });
  const deadline = Date.now() + (options.waitForStaleMs ?? 0);
  for (;;) {
    const outcome = await withAcquireGuard(dir, () => acquireOrTakeOver(dir, options));
    if (typeof outcome === 'function') return outcome;
    if (outcome.holder || Date.now() >= deadline) throw busyError(dir, outcome.holder);
    await sleep(Math.min(500, Math.max(0, deadline - Date.now())));
  }
}

export async function isDataDirLocked(dir: string): Promise<boolean> {
  try {
    await fs.access(dir);
    if (!(await lockfile.check(dir, { lockfilePath: lockPath(dir), stale: STALE_MS }))) return false;
    const holder = await readHolder(dir);
    return !holder || isHolderAlive(holder);
  } catch {
    return false;
  }
}

type Refusal = { holder: LockHolder | null };

async function acquireOrTakeOver(dir: string, options: LockDataDirOptions): Promise<(() => Promise<void>) | Refusal> {
  try {
    return await acquire(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
  }
  const holder = await readHolder(dir);
  if (!holder) return { holder: null };
  if (isHolderAlive(holder)) return { holder };
  // The recorded holder is gone: its lock only looks fresh because it was refreshed < 10 s ago.
  options.onTakeOver?.({ pid: holder.pid, startedAt: holder.startedAt });
  await fs.rm(holderPath(dir), { force: true });
  await fs.rmdir(lockPath(dir)).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
  return acquire(dir);
}

async function acquire(dir: string): Promise<() => Promise<void>> {
  const release = await lockfile.lock(dir, {
    lockfilePath: lockPath(dir),
    stale: STALE_MS,
    onCompromised: (error) => {
      // Losing the lock means another process may now write: stop rather than corrupt.
      console.error(`Lost the lock on ${dir}: ${error.message}. Stopping to protect the data.`);
      process.exit(1);
    },
  });
  const holder: LockHolder = { pid: process.pid, hostname: os.hostname(), startedAt: new Date().toISOString() };
  const temporary = `${holderPath(dir)}.${process.pid}`;
  await fs.writeFile(temporary, `${JSON.stringify(holder)}\n`);
  await fs.rename(temporary, holderPath(dir));
  return async () => {
    await fs.rm(holderPath(dir), { force: true });
    await release();
  };
}

async function withAcquireGuard<T>(dir: string, action: () => Promise<T>): Promise<T> {
  // Held for milliseconds; a process killed while holding it leaves it stale after 2 s (the minimum).
  // proper-lockfile keys its locks by the locked path, so the guard locks a path of its own.
  const release = await lockfile.lock(path.join(dir, ACQUIRE_GUARD), {
    realpath: false,
    stale: 2_000,
    retries: { retries: 40, minTimeout: 50, maxTimeout: 200 },
  });
  try {
    return await action();
  } finally {
    await release().catch(() => undefined);
  }
}

async function readHolder(dir: string): Promise<LockHolder | null> {
  try {
    const holder = JSON.parse(await fs.readFile(holderPath(dir), 'utf8')) as Partial<LockHolder>;
    if (!Number.isInteger(holder.pid) || (holder.pid as number) <= 0 || typeof holder.hostname !== 'string') return null;
    return holder as LockHolder;
  } catch {
    return null;
  }
}

function isHolderAlive(holder: LockHolder): boolean {
  // A pid means nothing on another machine (a data dir on a shared disk): assume it is alive there.
  if (holder.hostname !== os.hostname()) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function busyError(dir: string, holder: LockHolder | null): DataDirBusyError {
  const who = holder ? ` (process ${holder.pid})` : '';
  return new DataDirBusyError(
    `The data directory ${dir} is in use by a running Kopir server${who}. Stop the server first ` +
      '(or run this command through it), or use PostgreSQL via DATABASE_URL, which allows several processes.',
  );
}

function lockPath(dir: string): string {
  return path.join(dir, LOCK_NAME);
}

function holderPath(dir: string): string {
  return path.join(dir, `${LOCK_NAME}.pid`);
}
