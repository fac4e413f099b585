import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { openDatabase } from '../../server/db/database.ts';

const uniqueName = (prefix: string) => `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;

export function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

async function runAdmin(url: string, statement: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A migrated database that each test file clones with CREATE DATABASE … TEMPLATE (fast). */
export async function createTemplateDatabase(adminUrl: string): Promise<string> {
  const name = uniqueName('kopir_tpl');
  await runAdmin(adminUrl, `create database ${name}`);
  const database = await openDatabase({ databaseUrl: withDatabaseName(adminUrl, name), pgliteDir: null });
  await database.migrate();
  await database.close();
  return name;
}

export async function cloneDatabase(adminUrl: string, template: string): Promise<string> {
  const name = uniqueName('kopir_test');
  await runAdmin(adminUrl, `create database ${name} template ${template}`);
  return name;
}

/** Waits for the test's own connections to finish closing; forces only as a last resort. */
export async function dropTemplateDatabase(adminUrl: string, name: string) {
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      return await runAdmin(adminUrl, `drop database if exists ${name}`);
    } catch (error) {
      if ((error as { code?: string }).code !== '55006') throw error; // 55006: still in use
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  await runAdmin(adminUrl, `drop database if exists ${name} with (force)`);
}
export const dropDatabase = dropTemplateDatabase;
