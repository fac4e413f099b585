import fs from 'node:fs/promises';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../server/db/database.ts';
import { cloneDatabase, dropDatabase, withDatabaseName } from './postgres-databases.ts';

export interface TestDatabase {
  database: Database;
  /** 'postgres' when TEST_DATABASE_URL is set, else the embedded PGlite. */
  driver: Database['driver'];
  url: string | null;
  destroy(): Promise<void>;
}

/** A fresh, migrated database for one test file: a clone of the run's template. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  const template = inject('postgresTemplate');
  if (adminUrl && template) {
    const name = await cloneDatabase(adminUrl, template);
    const url = withDatabaseName(adminUrl, name);
    const database = await openDatabase({ databaseUrl: url, pgliteDir: null });
    return {
      database, driver: 'postgres', url,
      async destroy() {
        await database.close();
        await dropDatabase(adminUrl, name);
      },
    };
  }
  const dump = await fs.readFile(inject('pgliteTemplatePath'));
  const database = await openDatabase({ databaseUrl: null, pgliteDir: null, pgliteTemplate: new Blob([dump]) });
  return { database, driver: 'pglite', url: null, destroy: () => database.close() };
}
