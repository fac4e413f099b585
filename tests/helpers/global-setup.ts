import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startLocalMeilisearch, type LocalMeilisearch } from '../../server/search/meili-process.ts';
import { openDatabase } from '../../server/db/database.ts';
import { createTemplateDatabase, dropTemplateDatabase } from './postgres-databases.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    meiliUrl: string;
    meiliMasterKey: string;
    pgliteTemplatePath: string;
    postgresTemplate: string | null;
  }
}

/**
 * Once per run: one real Meilisearch (tests use their own index prefixes), one migrated PGlite
 * template (a fresh initdb costs ~3 s; loading a dump is fast) and, with TEST_DATABASE_URL, one
 * migrated PostgreSQL template database that each test file clones.
 */
export default async function setup(project: TestProject) {
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'kopir-test-'));
  let meili: LocalMeilisearch | null = null;
  if (process.env.MEILI_URL) {
    project.provide('meiliUrl', process.env.MEILI_URL);
    project.provide('meiliMasterKey', process.env.MEILI_MASTER_KEY ?? '');
  } else {
    meili = await startLocalMeilisearch({ dataDir: path.join(workDir, 'meili'), logger: { debug: () => undefined, warn: (o, m) => console.warn(m, o), error: (o, m) => console.error(m, o) } });
    project.provide('meiliUrl', meili.url);
    project.provide('meiliMasterKey', meili.masterKey);
  }

  const template = await openDatabase({ databaseUrl: null, pgliteDir: null });
  await template.migrate();
  const dump = await template.dumpDataDir!();
  await template.close();
  const pgliteTemplatePath = path.join(workDir, 'pglite-template.tar.gz');
  await fs.writeFile(pgliteTemplatePath, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteTemplatePath', pgliteTemplatePath);

  const postgresTemplate = process.env.TEST_DATABASE_URL ? await createTemplateDatabase(process.env.TEST_DATABASE_URL) : null;
  project.provide('postgresTemplate', postgresTemplate);

  return async () => {
    await meili?.stop();
    if (postgresTemplate) await dropTemplateDatabase(process.env.TEST_DATABASE_URL!, postgresTemplate);
    await fs.rm(workDir, { recursive: true, force: true });
  };
}
