// Shared set-up for the benchmarks: a real app on a throwaway database and Meilisearch.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { buildApp, type App } from '../../../server/app.ts';
import { loadConfig, type AppConfig } from '../../../server/config.ts';
import { openDatabase, type Database } from '../../../server/db/database.ts';
import { startLocalMeilisearch, type LocalMeilisearch } from '../../../server/search/meili-process.ts';

export interface BenchApp {
  app: App;
  database: Database;
  config: AppConfig;
  meili: { url: string; masterKey: string };
  close(): Promise<void>;
  /** For Ctrl-C: stops the bundled Meilisearch first, so a drain in progress fails fast instead of finishing, then closes. */
  interrupt(): Promise<void>;
}

const quiet = { debug: () => undefined, warn: () => undefined, error: (o: object, m?: string) => console.error(m, o) };

/** Uses DATABASE_URL / MEILI_URL when set (e.g. to bench on PostgreSQL), else PGlite and a bundled Meilisearch. */
export async function startBenchApp(overrides: Partial<AppConfig> = {}, shared?: { meili?: { url: string; masterKey: string } }): Promise<BenchApp> {
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'kopir-bench-'));
  let local: LocalMeilisearch | null = null;
  let meili = shared?.meili ?? (process.env.MEILI_URL ? { url: process.env.MEILI_URL, masterKey: process.env.MEILI_MASTER_KEY ?? '' } : null);
  if (!meili) {
    local = await startLocalMeilisearch({ dataDir: path.join(workDir, 'meili'), logger: quiet, indexingThreads: loadConfig(process.env).meiliIndexingThreads });
    meili = { url: local.url, masterKey: local.masterKey };
  }
  const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL || null, pgliteDir: process.env.DATABASE_URL ? null : path.join(workDir, 'pglite') });
  await database.migrate();
  const config = loadConfig(process.env, {
    dataDir: workDir, meiliUrl: meili.url, meiliMasterKey: meili.masterKey || null,
    meiliIndexPrefix: `bench${randomBytes(3).toString('hex')}_`, logLevel: 'silent', demoData: false,
    secret: randomBytes(32).toString('hex'), webDir: path.join(workDir, 'no-web'), ...overrides,
  });
  const app = await buildApp(config, { database, indexInBackground: false });
  await app.ready();
  const close = async () => {
    await app.close();
    await database.close();
    await local?.stop();
    await fs.rm(workDir, { recursive: true, force: true });
  };
  return {
    app, database, config, meili, close,
    async interrupt() {
      await local?.stop();
      await close();
    },
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

export const formatMs = (value: number) => `${value.toFixed(1)} ms`;
