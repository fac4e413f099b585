import path from 'node:path';
import type { AppConfig } from './config.ts';
import { openDatabase, type Database } from './db/database.ts';
import { lockDataDir, type LockDataDirOptions } from './db/data-dir-lock.ts';

export interface OpenedDatabase {
  database: Database;
  /** The earlier holder of the data-directory lock, when it had died without releasing it. */
  takenOverFrom: { pid: number; startedAt: string } | null;
  /** Closes the database and releases the data-directory lock. */
  close(): Promise<void>;
}

/** Opens the configured database for this process, migrated; the embedded one under an exclusive lock. */
export async function openMigratedDatabase(config: AppConfig, lock: Omit<LockDataDirOptions, 'onTakeOver'> = {}): Promise<OpenedDatabase> {
  const pgliteDir = path.join(config.dataDir, 'pglite');
  let takenOverFrom: OpenedDatabase['takenOverFrom'] = null;
  const release = config.databaseUrl ? null : await lockDataDir(config.dataDir, { ...lock, onTakeOver: (holder) => (takenOverFrom = holder) });
  try {
    const database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir });
    await database.migrate();
    return {
      database,
      takenOverFrom,
      async close() {
        await database.close();
        await release?.();
      },
    };
  } catch (error) {
    await release?.();
    throw error;
  }
}
