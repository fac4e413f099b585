// npm run bench:public — the public transparency API on a realistic ledger: BENCH_PARTNERSHIPS
// partnerships (default 10,000; 80 % public) with BENCH_DISBURSEMENTS payments (default 100,000), made
// by PostgreSQL itself (generate_series; migration 0006's triggers fill the money summaries the stats
// read), then p50/p95 of stats, a list page, a filtered page and the CSV of one region, each through
// the real HTTP route (app.inject: validation, SQL, serialisation).
// On PostgreSQL when BENCH_DATABASE_URL (an admin URL; a throwaway database is created and dropped) or
// DATABASE_URL is set, else on the embedded PGlite.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import Fastify from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { openDatabase, type Database } from '../../server/db/database.ts';
import { publicRoutes } from '../../server/modules/public/public.routes.ts';
import { percentile } from './lib/bench-app.ts';

const PARTNERSHIPS = Number(process.env.BENCH_PARTNERSHIPS ?? 10_000);
const DISBURSEMENTS = Number(process.env.BENCH_DISBURSEMENTS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);

const AREAS = ['metallurgy', 'greentech', 'agritech', 'medtech', 'ai', 'industry40', 'govtech', 'energy'];
const REGIONS = ['abai', 'akmola', 'aktobe', 'almaty-region', 'atyrau', 'east-kazakhstan', 'jambyl', 'jetisu', 'karaganda', 'kostanay', 'kyzylorda', 'mangystau', 'north-kazakhstan', 'pavlodar', 'turkistan', 'ulytau', 'west-kazakhstan', 'astana', 'almaty', 'shymkent'];
const pick = (list: string[], column: string) => sql.raw(`(array[${list.map((item) => `'${item}'`).join(',')}])[1 + (${column} % ${list.length})]`);

async function openBenchDatabase(): Promise<{ database: Database; cleanup: () => Promise<void>; where: string }> {
  const adminUrl = process.env.BENCH_DATABASE_URL;
  if (adminUrl) {
    const name = `kopir_bench_public_${randomBytes(4).toString('hex')}`;
    const admin = async (statement: string) => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(statement).finally(() => client.end());
    };
    await admin(`create database ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const database = await openDatabase({ databaseUrl: url.toString(), pgliteDir: null });
    return { database, where: `PostgreSQL (${name})`, cleanup: async () => { await database.close(); await admin(`drop database if exists ${name} with (force)`); } };
  }
  if (process.env.DATABASE_URL) {
    const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL, pgliteDir: null });
    return { database, where: 'PostgreSQL (DATABASE_URL, rows left in place)', cleanup: () => database.close() };
  }
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kopir-bench-public-'));
  const database = await openDatabase({ databaseUrl: null, pgliteDir: dir });
  return { database, where: 'PGlite', cleanup: async () => { await database.close(); await fs.rm(dir, { recursive: true, force: true }); } };
}

/** The whole ledger in a handful of set-based statements: organisations, tasks, proposals, partnerships, plan, payments. */
async function generate(database: Database) {
  const { db } = database;
  await db.execute(sql`insert into organisations (kind, name, bin) select 'enterprise', 'Кәсіпорын ' || i, '9' || lpad(i::text, 11, '0') from generate_series(1, 200) i`);
  await db.execute(sql`insert into organisations (kind, name, bin) select 'institute', 'Институт ' || i, '8' || lpad(i::text, 11, '0') from generate_series(1, 400) i`);
  await db.execute(sql`
    create temporary table bench_orgs as
    select id, kind, row_number() over (partition by kind order by bin) as n from organisations where kind in ('enterprise', 'institute')`);
  await db.execute(sql`
    insert into tasks (organisation_id, status, visibility, lang, title, problem, priority_area, region)
    select e.id, 'published', case when i % 5 = 0 then 'registered' else 'public' end, 'ru', 'Задача ' || i, 'Описание задачи ' || i,
      ${pick(AREAS, 'i')}, ${pick(REGIONS, 'i / 8')}
    from generate_series(1, ${PARTNERSHIPS}) i join bench_orgs e on e.kind = 'enterprise' and e.n = 1 + i % 200`);
  await db.execute(sql`
    insert into proposals (task_id, organisation_id, status, title)
    select t.id, inst.id, 'agreed', t.title from (select id, title, row_number() over (order by title) as n from tasks) t
    join bench_orgs inst on inst.kind = 'institute' and inst.n = 1 + t.n % 400`);
  await db.execute(sql`
    insert into partnerships (proposal_id, task_id, enterprise_organisation_id, institute_organisation_id, title, priority_area, region, status, terms, terms_version, total_budget_kzt, start_date, end_date, is_public, agreed_at)
    select p.id, t.id, t.organisation_id, p.organisation_id, t.title, t.priority_area, t.region,
      (array['active','active','active','at_risk','completed','terminated'])[1 + (hashtext(p.id::text) & 1023) % 6],
      '{}'::jsonb, 1, 120000000, date '2024-01-01' + (hashtext(p.id::text) & 1023), date '2026-01-01' + (hashtext(p.id::text) & 1023),
      (hashtext(p.id::text) & 1023) % 5 <> 0, timestamptz '2024-01-01' + ((hashtext(p.id::text) & 1023) || ' days')::interval
    from proposals p join tasks t on t.id = p.task_id`);
  await db.execute(sql`
    insert into partnership_milestones (partnership_id, position, title, deliverable, due_date, amount_kzt)
    select p.id, m, 'Этап ' || m, '', p.start_date + m * 180, 60000000 from partnerships p, generate_series(0, 1) m`);
  await db.execute(sql`
    insert into partnership_tranches (partnership_id, milestone_id, source, planned_amount_kzt, planned_date)
    select m.partnership_id, m.id, s.source, s.amount, m.due_date
    from partnership_milestones m, (values ('enterprise', 36000000), ('state_program', 18000000), ('institute_inkind', 6000000)) s(source, amount)`);
  // Six tranches per partnership; a few payments against each, until the requested number.
  const perTranche = Math.max(1, Math.ceil(DISBURSEMENTS / (PARTNERSHIPS * 6)));
  await db.execute(sql`
    insert into disbursements (partnership_id, tranche_id, source, amount_kzt, disbursed_on)
    select t.partnership_id, t.id, t.source, 1000000 + k * 1000, t.planned_date + k
    from partnership_tranches t, generate_series(1, ${perTranche}) k
    limit ${DISBURSEMENTS}`);
  await db.execute(sql`analyze`);
}

async function main() {
  const { database, cleanup, where } = await openBenchDatabase();
  try {
    await database.migrate();
    const started = performance.now();
    await generate(database);
    const counts = (await database.db.execute(sql`select (select count(*) from partnerships)::int as p, (select count(*) from partnerships where is_public)::int as pub, (select count(*) from disbursements)::int as d`)) as unknown as { rows: { p: number; pub: number; d: number }[] };
    const { p, pub, d } = counts.rows[0];
    console.log(`${where}: ${p} partnerships (${pub} public), ${d} disbursements, generated in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    // Only the public routes (no search engine needed): the real plugin, its schemas, SQL and serialisation.
    const app = Fastify();
    app.decorate('db', database.db);
    await app.register(rateLimit, { global: false });
    await app.register(publicRoutes, { prefix: '/api/public', rateLimit: 1_000_000 });
    await app.ready();
    const cases: [string, string][] = [
      ['stats', '/api/public/stats'],
      ['list, page 1', '/api/public/partnerships'],
      ['list, filtered, page 5', '/api/public/partnerships?region=karaganda&source=state_program&page=5'],
      ['CSV, one region', '/api/public/partnerships.csv?region=karaganda'],
    ];
    // On a shared box the figures move with the load: print it beside them.
    console.log(`\n${ROUNDS} runs each after 3 warm-up runs; load average ${os.loadavg().map((load) => load.toFixed(1)).join(' ')} on ${os.cpus().length} cores`);
    console.log(`${'route'.padEnd(28)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(9)}${'bytes'.padStart(10)}`);
    for (const [name, url] of cases) {
      let bytes = 0;
      for (let i = 0; i < 3; i++) await app.inject({ method: 'GET', url }); // warm-up
      const times: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        const start = performance.now();
        const response = await app.inject({ method: 'GET', url });
        times.push(performance.now() - start);
        if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode} ${response.body.slice(0, 200)}`);
        bytes = response.rawPayload.length;
      }
      times.sort((a, b) => a - b);
      console.log(`${name.padEnd(28)}${percentile(times, 50).toFixed(1).padStart(9)}${percentile(times, 95).toFixed(1).padStart(9)}${String(bytes).padStart(10)}`);
    }
    await app.close();
  } finally {
    await cleanup();
  }
}

await main();
