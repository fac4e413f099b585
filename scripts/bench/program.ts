// npm run bench:program — the program workspace's figures at national scale, on PostgreSQL.
//  1. Creates a scratch database (BENCH_ADMIN_URL, default postgres://postgres@127.0.0.1:5432/postgres),
//     migrates it and generates, with generate_series inside PostgreSQL, 200 enterprises, 1 000
//     institutes, 12 000 published tasks, 15 000 proposals, BENCH_PARTNERSHIPS partnerships (10 000)
//     with 3 milestones and 6 tranches each, and BENCH_DISBURSEMENTS disbursements (100 000).
//  2. Times the service calls the API makes (no HTTP in between) and prints p50/p95: the ledger
//     (all time, and one year), the funnel, a portfolio page (first and a filtered one), the
//     scorecards, and the public stats (the public service's getStats, as /api/public/stats runs it).
//     Money sums read the summaries migration 0006's triggers keep (partnership_money, money_by_month):
//     generating the rows fills them, and the reconciliation below checks them against the raw rows.
//  3. Drops the scratch database (BENCH_KEEP=1 keeps it).
// Knobs: BENCH_ADMIN_URL, BENCH_PARTNERSHIPS, BENCH_DISBURSEMENTS, BENCH_RUNS (per query, 40), BENCH_KEEP.
import os from 'node:os';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../server/db/database.ts';
import { createProgramService } from '../../server/modules/program/program.service.ts';
import { createPublicService } from '../../server/modules/public/public.service.ts';
import { ANONYMOUS, type AuthContext } from '../../server/modules/auth/auth-context.ts';
import { PRIORITY_AREAS, REGIONS } from '../../shared/constants.ts';
import { formatMs, percentile } from './lib/bench-app.ts';

const envInt = (name: string, fallback: number) => {
  const value = Number(process.env[name] || fallback);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive whole number`);
  return value;
};
const ADMIN_URL = process.env.BENCH_ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const PARTNERSHIPS = envInt('BENCH_PARTNERSHIPS', 10_000);
const DISBURSEMENTS = envInt('BENCH_DISBURSEMENTS', 100_000);
const RUNS = envInt('BENCH_RUNS', 40);
const TARGET_P95_MS = 200;
const TASKS = Math.max(PARTNERSHIPS + 2000, 12_000);
const PROPOSALS = TASKS + 3000;

async function admin(statement: string) {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

const list = (values: readonly string[]) => `array[${values.map((value) => `'${value}'`).join(',')}]`;

/** Everything is generated inside PostgreSQL: one statement per table, no rows cross the wire. */
const GENERATE = [
  `insert into organisations (kind, name, region) select 'enterprise', 'Предприятие ' || g, (${list(REGIONS)})[1 + g % 20] from generate_series(1, 200) g`,
  `insert into organisations (kind, name, region) select 'institute', 'Институт ' || g, (${list(REGIONS)})[1 + (g * 7) % 20] from generate_series(1, 1000) g`,
  `with e as (select id, row_number() over (order by id) as rn from organisations where kind = 'enterprise')
   insert into tasks (organisation_id, status, lang, title, priority_area, region, published_at)
   select e.id, 'published', 'ru', 'Задача ' || g, (${list(PRIORITY_AREAS)})[1 + g % 8], (${list(REGIONS)})[1 + (g * 3) % 20],
     timestamptz '2023-01-01 09:00+05' + (g % 1000) * interval '1 day'
   from generate_series(1, ${TASKS}) g join e on e.rn = 1 + g % 200`,
  `with t as (select id, published_at, row_number() over (order by id) as rn from tasks),
        i as (select id, row_number() over (order by id) as rn from organisations where kind = 'institute')
   insert into proposals (task_id, organisation_id, status, title, submitted_at, status_changed_at)
   select t.id, i.id,
     case when g <= ${PARTNERSHIPS} then 'agreed' when g % 3 = 0 then 'declined' when g % 3 = 1 then 'submitted' else 'in_negotiation' end,
     'Предложение ' || g, t.published_at + (1 + g % 40) * interval '1 day', t.published_at + (60 + g % 90) * interval '1 day'
   from generate_series(1, ${PROPOSALS}) g join t on t.rn = 1 + (g - 1) % ${TASKS} join i on i.rn = 1 + g % 1000`,
  `with p as (select p.id, p.organisation_id, p.status_changed_at, t.id as task_id, t.organisation_id as enterprise_id, t.title, t.priority_area, t.region,
                     row_number() over (order by p.id) as rn
              from proposals p join tasks t on t.id = p.task_id where p.status = 'agreed')
   insert into partnerships (proposal_id, task_id, enterprise_organisation_id, institute_organisation_id, title, priority_area, region, status, terms, terms_version,
     total_budget_kzt, start_date, end_date, is_public, agreed_at)
   select p.id, p.task_id, p.enterprise_id, p.organisation_id, p.title, p.priority_area, p.region,
     (array['active','active','active','at_risk','completed','terminated'])[1 + rn % 6], '{}'::jsonb, 1,
     3 * (10000000 + (rn % 50) * 1000000), p.status_changed_at::date, p.status_changed_at::date + 540, rn % 4 <> 0, p.status_changed_at
   from p`,
  `insert into partnership_milestones (partnership_id, position, title, deliverable, due_date, amount_kzt, status, accepted_at)
   select pa.id, m, 'Этап ' || (m + 1), 'Отчёт', pa.start_date + 180 * (m + 1), pa.total_budget_kzt / 3,
     case when (pa.start_date + 180 * (m + 1)) < date '2026-01-01' then 'accepted' else 'planned' end,
     case when (pa.start_date + 180 * (m + 1)) < date '2026-01-01' then (pa.start_date + 180 * (m + 1) + (hashtext(pa.id::text) % 20))::timestamptz end
   from partnerships pa cross join generate_series(0, 2) m`,
  `insert into partnership_tranches (partnership_id, milestone_id, source, planned_amount_kzt, planned_date)
   select m.partnership_id, m.id, s.source, case when s.major then m.amount_kzt * 6 / 10 else m.amount_kzt - m.amount_kzt * 6 / 10 end, m.due_date
   from partnership_milestones m
   cross join lateral (values ('enterprise', true),
     ((array['subsoil_fund','state_program','institute_inkind'])[1 + abs(hashtext(m.partnership_id::text)) % 3], false)) as s(source, major)`,
  // Each tranche is paid in up to two parts of a third each (never beyond its plan), after its date.
  `with t as (select id, partnership_id, source, planned_amount_kzt, planned_date, row_number() over (order by id) as rn, count(*) over () as n from partnership_tranches)
   insert into disbursements (partnership_id, tranche_id, source, amount_kzt, disbursed_on)
   select t.partnership_id, t.id, t.source, greatest(1, t.planned_amount_kzt / 3), t.planned_date + (part * 30 + t.rn % 29)::int
   from t cross join generate_series(0, 1) part
   where t.rn + part * t.n <= ${DISBURSEMENTS}`,
  'analyze',
];

async function time<T>(label: string, run: () => Promise<T>) {
  for (let warm = 0; warm < 3; warm++) await run();
  const samples: number[] = [];
  for (let index = 0; index < RUNS; index++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const p50 = percentile(samples, 50);
  const p95 = percentile(samples, 95);
  console.log(`${label.padEnd(34)} p50 ${formatMs(p50).padStart(9)}  p95 ${formatMs(p95).padStart(9)}  ${p95 <= TARGET_P95_MS ? 'met' : 'NOT met'}`);
  return { label, p50, p95 };
}

async function main() {
  const name = `kopir_bench_program_${process.pid}`;
  await admin(`create database ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), pgliteDir: null });
  try {
    await database.migrate();
    const { db } = database;
    let started = performance.now();
    for (const statement of GENERATE) await db.execute(sql.raw(statement));
    const counts = (await db.execute(sql`select (select count(*) from partnerships) as partnerships, (select count(*) from disbursements) as disbursements,
      (select count(*) from partnership_tranches) as tranches, (select count(*) from proposals) as proposals`)) as unknown as { rows: Record<string, unknown>[] };
    const row = counts.rows[0];
    console.log(`generated ${row.partnerships} partnerships, ${row.tranches} tranches, ${row.disbursements} disbursements, ${row.proposals} proposals in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const auth: AuthContext = { ...ANONYMOUS, via: 'token', isAdmin: true };
    const service = createProgramService({ db, now: () => new Date('2026-07-15T06:00:00Z') });
    const publicService = createPublicService({ db });
    started = performance.now();
    const reconciliation = await service.reconciliation(auth);
    console.log(`reconciliation: ${reconciliation.ok ? 'ok' : `${reconciliation.issues.length} issues`}, ${reconciliation.disbursedKzt.toLocaleString('en')} KZT in ${formatMs(performance.now() - started)}`);
    // On a shared box the figures move with the load: print it beside them.
    console.log(`\n${RUNS} runs each (after 3 warm-up runs), target p95 ≤ ${TARGET_P95_MS} ms; load average ${os.loadavg().map((load) => load.toFixed(1)).join(' ')} on ${os.cpus().length} cores:`);
    const results = [
      await time('ledger (all time, all regions)', () => service.ledger(auth, { region: 'all' })),
      await time('ledger (2026, one region)', () => service.ledger(auth, { region: 'karaganda', from: '2026-01-01', to: '2026-12-31' })),
      await time('funnel', () => service.funnel(auth, { region: 'all' })),
      await time('portfolio page 1', () => service.portfolio(auth, { region: 'all', page: 1, pageSize: 20 })),
      await time('portfolio page 5, filtered', () => service.portfolio(auth, { region: 'all', priorityArea: 'metallurgy', source: 'state_program', page: 5, pageSize: 20 })),
      await time('scorecards', () => service.scorecards(auth, { region: 'all' })),
      await time('public stats', () => publicService.getStats()),
    ];
    const missed = results.filter((result) => result.p95 > TARGET_P95_MS);
    console.log(missed.length ? `\nNOT met: ${missed.map((result) => result.label).join(', ')}` : '\nall targets met');
  } finally {
    await database.close();
    if (!process.env.BENCH_KEEP) await admin(`drop database if exists ${name} with (force)`);
    else console.log(`kept database ${name}`);
  }
}

await main();
