import fs from 'node:fs/promises';
import lockfile from 'proper-lockfile';

export class DataDirBusyError extends Error {}

/**
 * PGlite is a single-process database: two processes on one data directory would corrupt it.
 * The lock is refreshed while held and goes stale 10 s after a crash, so a killed server never
 * blocks the next start for long.
 */
export async function lockDataDir(dir: string): Promise<() => Promise<void>> {
  await fs.mkdir(dir, { recursive: true });
  try {
    return await lockfile.lock(dir, {
      lockfilePath: `${dir}/.kopir.lock`,
      stale: 10_000,
      onCompromised: (error) => {
        // Losing the lock means another process may now write: stop rather than corrupt.
        console.error(`Lost the lock on ${dir}: ${error.message}. Stopping to protect the data.`);
        process.exit(1);
      },
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOCKED') {
      throw new DataDirBusyError(
        `The data directory ${dir} is in use by a running Kopir server. Stop the server first ` +
          '(or run this command through it), or use PostgreSQL via DATABASE_URL, which allows several processes.',
      );
    }
    throw error;
  }
}

export async function isDataDirLocked(dir: string): Promise<boolean> {
  try {
    await fs.access(dir);
    return await lockfile.check(dir, { lockfilePath: `${dir}/.kopir.lock`, stale: 10_000 });
  } catch {
    return false;
  }
}
