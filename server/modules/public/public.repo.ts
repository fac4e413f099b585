import { sql, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/database.ts';
import type { PublicPartnershipFilter } from '../../../shared/schemas/public.ts';

// Open data is read straight from the ledger's tables, always through `public_partnerships` below: the
// one place that says which partnerships the public may see. Sums are computed by PostgreSQL.

/** Kazakhstan keeps one time zone, UTC+5, since March 2024: award dates and years are counted in it. */
const KZ_OFFSET = sql.raw(`interval '5 hours'`);

/** The partnerships both parties agreed to publish, narrowed by the caller's filters. */
function publicPartnershipsWhere(filter: PublicPartnershipFilter): SQL {
  const conditions: SQL[] = [sql`p.is_public`];
  if (filter.priorityArea) conditions.push(sql`p.priority_area = ${filter.priorityArea}`);
  if (filter.region) conditions.push(sql`p.region = ${filter.region}`);
  if (filter.status) conditions.push(sql`p.status = ${filter.status}`);
  if (filter.year !== undefined) {
    conditions.push(sql`p.agreed_at >= ${`${filter.year}-01-01T00:00:00+05:00`}::timestamptz and p.agreed_at < ${`${filter.year + 1}-01-01T00:00:00+05:00`}::timestamptz`);
  }
  if (filter.source) {
    conditions.push(sql`exists (select 1 from partnership_tranches st where st.partnership_id = p.id and st.source = ${filter.source} and st.planned_amount_kzt > 0)`);
  }
  return sql.join(conditions, sql` and `);
}

/**
 * Stats run in a read transaction with PostgreSQL's JIT off: on big ledgers their cost crosses
 * jit_above_cost, yet compiling took longer than running them (npm run bench:public).
 */
function withoutJit<T>(db: Db, work: (tx: DbOrTx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local jit = off`);
    return work(tx);
  });
}

type Row = Record<string, unknown>;
/** node-postgres and PGlite both answer `execute` with `{ rows }`. */
const rowsOf = (result: unknown) => (result as { rows: Row[] }).rows;
const num = (value: unknown) => (value === null || value === undefined ? 0 : Number(value));
const text = (value: unknown) => (value === null || value === undefined ? null : String(value));
const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString());
/** `date` columns: a Date on some drivers, text on others. */
const isoDate = (value: unknown) => (value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10));

export interface DimensionRow {
  dimension: 'area' | 'region' | 'status' | 'total';
  key: string | null;
  partnerships: number;
  plannedKzt: number;
  disbursedKzt: number;
  /** By source: planned and paid money, and how many partnerships plan money from it. */
  bySource: Record<string, { partnerships: number; plannedKzt: number; disbursedKzt: number }>;
}

export interface YearRow {
  kind: 'planned' | 'paid' | 'awarded';
  year: number;
  amount: number;
}

export interface PublicPartnershipRow {
  id: string;
  title: string;
  description: string | null;
  status: string;
  priorityArea: string | null;
  region: string | null;
  startDate: string;
  endDate: string;
  awardDate: string;
  updatedAt: string;
  lastDisbursementAt: string | null;
  enterprise: { id: string; name: string; bin: string | null } | null;
  institute: { id: string; name: string; bin: string | null };
  planned: Record<string, number>;
  disbursed: Record<string, number>;
}

const SOURCES_SQL = ['enterprise', 'subsoil_fund', 'state_program', 'institute_inkind'] as const;

export function createPublicRepo({ db }: { db: Db }) {
  // Per partnership, planned and paid money by source from `partnership_money`, the running sums that
  // migration 0006's triggers keep exact with every tranche and payment: about as many rows as there
  // are partnerships instead of every payment. Joined straight to `partnerships` (not through a CTE
  // of public ones): with a CTE PostgreSQL misjudged the join by 2,000× (npm run bench:public).
  const bySourceColumns = (column: string, prefix: string) =>
    SOURCES_SQL.map((source) => `sum(m.${column}) filter (where m.source = '${source}') as ${prefix}_${source}`).join(', ');
  const perPartnership = sql.raw(`
    left join (select m.partnership_id, ${bySourceColumns('planned_kzt', 'planned')}, ${bySourceColumns('disbursed_kzt', 'paid')}
      from partnership_money m group by m.partnership_id) money on money.partnership_id = p.id`);
  const sumOf = (prefix: string) => SOURCES_SQL.map((source) => `coalesce(money.${prefix}_${source}, 0)`).join(' + ');
  const sourceAggregates = sql.raw(
    SOURCES_SQL.map((source) => [
      `count(*) filter (where money.planned_${source} > 0)::int as ${source}_partnerships`,
      `coalesce(sum(money.planned_${source}), 0)::bigint as ${source}_planned`,
      `coalesce(sum(money.paid_${source}), 0)::bigint as ${source}_paid`,
    ].join(', ')).join(', '),
  );

  return {
    /** Money by priority area, by region, by status, and in total with its split by source: one grouping-sets query. */
    async moneyByDimension(): Promise<DimensionRow[]> {
      const result = await withoutJit(db, (tx) => tx.execute(sql`
        select
          case when grouping(p.priority_area) = 0 then 'area' when grouping(p.region) = 0 then 'region' when grouping(p.status) = 0 then 'status' else 'total' end as dimension,
          coalesce(case when grouping(p.priority_area) = 0 then p.priority_area end, case when grouping(p.region) = 0 then p.region end, case when grouping(p.status) = 0 then p.status end) as key,
          count(*)::int as partnerships,
          coalesce(sum(${sql.raw(sumOf('planned'))}), 0)::bigint as planned_kzt,
          coalesce(sum(${sql.raw(sumOf('paid'))}), 0)::bigint as disbursed_kzt,
          ${sourceAggregates}
        from partnerships p
        ${perPartnership}
        where p.is_public
        group by grouping sets ((p.priority_area), (p.region), (p.status), ())`));
      return rowsOf(result).map((row) => ({
        dimension: row.dimension as DimensionRow['dimension'],
        key: text(row.key),
        partnerships: num(row.partnerships),
        plannedKzt: num(row.planned_kzt),
        disbursedKzt: num(row.disbursed_kzt),
        bySource: Object.fromEntries(SOURCES_SQL.map((source) => [source, { partnerships: num(row[`${source}_partnerships`]), plannedKzt: num(row[`${source}_planned`]), disbursedKzt: num(row[`${source}_paid`]) }])),
      }));
    },

    /**
     * By year: planned money by the tranche's date, paid money by the payment's date, partnerships by the
     * year (Kazakhstan time) they were agreed.
     */
    async moneyByYear(): Promise<YearRow[]> {
      // Money from `money_by_month` (public rows, kept exact by triggers); a month lies in one year.
      const result = await withoutJit(db, (tx) => tx.execute(sql`
        select 'planned' as kind, extract(year from m.month)::int as year, sum(m.planned_kzt)::bigint as amount
          from money_by_month m where m.is_public and m.entries > 0 group by 2
        union all
        select 'paid', extract(year from m.month)::int, sum(m.disbursed_kzt)::bigint
          from money_by_month m where m.is_public and m.entries > 0 group by 2
        union all
        select 'awarded', extract(year from (p.agreed_at at time zone 'UTC') + ${KZ_OFFSET})::int, count(*)::bigint
          from partnerships p where p.is_public group by 2`));
      return rowsOf(result).map((row) => ({ kind: row.kind as YearRow['kind'], year: num(row.year), amount: num(row.amount) }));
    },

    async countPartnerships(filter: PublicPartnershipFilter): Promise<number> {
      const result = await db.execute(sql`select count(*)::int as total from partnerships p where ${publicPartnershipsWhere(filter)}`);
      return num(rowsOf(result)[0]?.total);
    },

    /**
     * Public partnerships with their parties and money by source, newest award first. Explicit
     * columns only: terms (IP model, confidentiality, publication delay), the task's confidential
     * details and people are never selected. The description is the task's problem statement, and only
     * when the task itself is public.
     */
    async listPartnerships(filter: PublicPartnershipFilter, page: { limit: number; offset: number } | null): Promise<PublicPartnershipRow[]> {
      const sumBy = (column: string, table: string) =>
        sql.join(SOURCES_SQL.map((source) => sql.raw(`coalesce(sum(${column}) filter (where ${table}.source = '${source}'), 0)::bigint as ${source}`)), sql`, `);
      const result = await db.execute(sql`
        select p.id, p.title, p.status, p.priority_area, p.region, p.start_date, p.end_date, p.updated_at,
          ((p.agreed_at at time zone 'UTC') + ${KZ_OFFSET})::date::text as award_date,
          case when t.visibility = 'public' then t.problem end as description,
          ent.id as enterprise_id, ent.name as enterprise_name, ent.bin as enterprise_bin,
          inst.id as institute_id, inst.name as institute_name, inst.bin as institute_bin,
          row_to_json(pl) as planned, row_to_json(pd) as disbursed, pd_last.last_at as last_disbursement_at
        from partnerships p
        join organisations inst on inst.id = p.institute_organisation_id
        left join organisations ent on ent.id = p.enterprise_organisation_id
        left join tasks t on t.id = p.task_id
        left join lateral (select ${sumBy('tr.planned_amount_kzt', 'tr')} from partnership_tranches tr where tr.partnership_id = p.id) pl on true
        left join lateral (select ${sumBy('ds.amount_kzt', 'ds')} from disbursements ds where ds.partnership_id = p.id) pd on true
        left join lateral (select max(ds.created_at) as last_at from disbursements ds where ds.partnership_id = p.id) pd_last on true
        where ${publicPartnershipsWhere(filter)}
        order by p.agreed_at desc, p.id
        ${page ? sql`limit ${page.limit} offset ${page.offset}` : sql``}`);
      return rowsOf(result).map((row) => ({
        id: String(row.id),
        title: String(row.title),
        description: text(row.description),
        status: String(row.status),
        priorityArea: text(row.priority_area),
        region: text(row.region),
        startDate: isoDate(row.start_date),
        endDate: isoDate(row.end_date),
        awardDate: isoDate(row.award_date),
        updatedAt: iso(row.updated_at),
        lastDisbursementAt: row.last_disbursement_at ? iso(row.last_disbursement_at) : null,
        enterprise: row.enterprise_id ? { id: String(row.enterprise_id), name: String(row.enterprise_name), bin: text(row.enterprise_bin) } : null,
        institute: { id: String(row.institute_id), name: String(row.institute_name), bin: text(row.institute_bin) },
        planned: amounts(row.planned),
        disbursed: amounts(row.disbursed),
      }));
    },
  };
}

/** row_to_json gives bigints as JSON numbers (or text on some drivers): whole tenge either way. */
function amounts(value: unknown): Record<string, number> {
  const parsed = (typeof value === 'string' ? JSON.parse(value) : value ?? {}) as Record<string, unknown>;
  return Object.fromEntries(SOURCES_SQL.map((source) => [source, num(parsed[source])]));
}
