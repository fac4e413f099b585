import path from 'node:path';
import type { AppConfig } from './config.ts';
import { openDatabase, type Database } from './db/database.ts';
import { lockDataDir } from './db/data-dir-lock.ts';

export interface OpenedDatabase {
  database: Database;
  /** Closes the database and releases the data-directory lock. */
  close(): Promise<void>;
}

/** Opens the configured database for this process, migrated; the embedded one under an exclusive lock. */
export async function openMigratedDatabase(config: AppConfig): Promise<OpenedDatabase> {
  const pgliteDir = path.join(config.dataDir, 'pglite');
  const release = config.databaseUrl ? null : await lockDataDir(config.dataDir);
  try {
    const database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir });
    await database.migrate();
    return {
      database,
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
