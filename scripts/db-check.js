#!/usr/bin/env node
// Fails when the Drizzle schema and the committed migrations disagree (someone forgot
// `npm run db:generate`). drizzle-kit writes nothing when they agree.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const dir = 'server/db/migrations';
const before = new Set(fs.readdirSync(dir));
const journal = fs.readFileSync(`${dir}/meta/_journal.json`, 'utf8');
execFileSync('npx', ['drizzle-kit', 'generate', '--name', 'schema_check'], { stdio: 'pipe' });
const added = fs.readdirSync(dir).filter((name) => !before.has(name));
if (added.length === 0) {
  console.log('db:check: the schema matches the committed migrations.');
  process.exit(0);
}
console.error(`db:check: the schema has changes without a migration (drizzle-kit generated ${added.join(', ')}).`);
console.error('Run `npm run db:generate`, read the SQL, and commit it.');
for (const name of added) fs.rmSync(`${dir}/${name}`);
const snapshots = fs.readdirSync(`${dir}/meta`).filter((name) => name.endsWith('_snapshot.json'));
fs.writeFileSync(`${dir}/meta/_journal.json`, journal);
for (const name of snapshots) {
  if (!journal.includes(name.replace('_snapshot.json', ''))) fs.rmSync(`${dir}/meta/${name}`);
}
process.exit(1);
