import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { buildApp, type App } from '../../server/app.ts';
import { loadConfig, type AppConfig } from '../../server/config.ts';
import type { Db } from '../../server/db/database.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

export interface TestContext {
  app: App;
  db: Db;
  config: AppConfig;
  testDatabase: TestDatabase;
  close(): Promise<void>;
}

/** The real app on a fresh database and the run's real Meilisearch (own index prefix), silent logs. */
export async function createTestContext(overrides: Partial<AppConfig> = {}, options: { indexInBackground?: boolean } = {}): Promise<TestContext> {
  const testDatabase = await createTestDatabase();
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'kopir-app-'));
  const config = loadConfig(
    {},
    {
      dataDir,
      meiliUrl: inject('meiliUrl'),
      meiliMasterKey: inject('meiliMasterKey') || null,
      meiliIndexPrefix: `t${randomBytes(4).toString('hex')}_`,
      secret: randomBytes(32).toString('hex'),
      demoData: false,
      logLevel: 'silent',
      webDir: path.join(dataDir, 'no-web'),
      ...overrides,
    },
  );
  // The indexing loop is off unless asked for: tests drain the outbox when they mean to.
  const app = await buildApp(config, { database: testDatabase.database, indexInBackground: options.indexInBackground ?? false });
  await app.ready();
  return {
    app,
    db: testDatabase.database.db,
    config,
    testDatabase,
    async close() {
      await app.close();
      await testDatabase.destroy();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}
