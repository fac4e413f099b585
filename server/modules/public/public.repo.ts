import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
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
}

export interface SourceYearRow {
  dimension: 'source' | 'year';
  key: string;
  partnerships: number;
  amountKzt: number;
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
  /** Per public partnership: planned money (its tranches) and disbursed money, for the breakdowns. */
  const moneyPerPartnership = sql`
    pub as (select p.id, p.priority_area, p.region, p.status from partnerships p where p.is_public),
    planned as (select t.partnership_id, sum(t.planned_amount_kzt) as amount from partnership_tranches t join pub on pub.id = t.partnership_id group by t.partnership_id),
    paid as (select d.partnership_id, sum(d.amount_kzt) as amount from disbursements d join pub on pub.id = d.partnership_id group by d.partnership_id)`;

  return {
    /** Partnerships, planned and disbursed money by priority area, by region, by status and in total: one grouping-sets query. */
    async moneyByDimension(): Promise<DimensionRow[]> {
      const result = await db.execute(sql`
        with ${moneyPerPartnership}
        select
          case when grouping(pub.priority_area) = 0 then 'area' when grouping(pub.region) = 0 then 'region' when grouping(pub.status) = 0 then 'status' else 'total' end as dimension,
          coalesce(case when grouping(pub.priority_area) = 0 then pub.priority_area end, case when grouping(pub.region) = 0 then pub.region end, case when grouping(pub.status) = 0 then pub.status end) as key,
          count(*)::int as partnerships,
          coalesce(sum(planned.amount), 0)::bigint as planned_kzt,
          coalesce(sum(paid.amount), 0)::bigint as disbursed_kzt
        from pub
        left join planned on planned.partnership_id = pub.id
        left join paid on paid.partnership_id = pub.id
        group by grouping sets ((pub.priority_area), (pub.region), (pub.status), ())`);
      return rowsOf(result).map((row) => ({
        dimension: row.dimension as DimensionRow['dimension'],
        key: text(row.key),
        partnerships: num(row.partnerships),
        plannedKzt: num(row.planned_kzt),
        disbursedKzt: num(row.disbursed_kzt),
      }));
    },

    /** Planned money by tranche source and by the year of the tranche's date. */
    async plannedBySourceAndYear(): Promise<SourceYearRow[]> {
      const result = await db.execute(sql`
        select case when grouping(t.source) = 0 then 'source' else 'year' end as dimension,
          coalesce(t.source, extract(year from t.planned_date)::int::text) as key,
          count(distinct t.partnership_id)::int as partnerships,
          coalesce(sum(t.planned_amount_kzt), 0)::bigint as amount_kzt
        from partnership_tranches t join partnerships p on p.id = t.partnership_id
        where p.is_public and t.planned_amount_kzt > 0
        group by grouping sets ((t.source), (extract(year from t.planned_date)))`);
      return rowsOf(result).map(toSourceYearRow);
    },

    /** Disbursed money by the source it was paid from and by the year it was paid. */
    async disbursedBySourceAndYear(): Promise<SourceYearRow[]> {
      const result = await db.execute(sql`
        select case when grouping(d.source) = 0 then 'source' else 'year' end as dimension,
          coalesce(d.source, extract(year from d.disbursed_on)::int::text) as key,
          count(distinct d.partnership_id)::int as partnerships,
          coalesce(sum(d.amount_kzt), 0)::bigint as amount_kzt
        from disbursements d join partnerships p on p.id = d.partnership_id
        where p.is_public
        group by grouping sets ((d.source), (extract(year from d.disbursed_on)))`);
      return rowsOf(result).map(toSourceYearRow);
    },

    /** Public partnerships by the year (Kazakhstan time) they were agreed. */
    async partnershipsByAwardYear(): Promise<{ year: number; partnerships: number }[]> {
      const result = await db.execute(sql`
        select extract(year from (p.agreed_at at time zone 'UTC') + ${KZ_OFFSET})::int as year, count(*)::int as partnerships
        from partnerships p where p.is_public group by 1`);
      return rowsOf(result).map((row) => ({ year: num(row.year), partnerships: num(row.partnerships) }));
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

function toSourceYearRow(row: Row): SourceYearRow {
  return { dimension: row.dimension as SourceYearRow['dimension'], key: String(row.key), partnerships: num(row.partnerships), amountKzt: num(row.amount_kzt) };
}

/** row_to_json gives bigints as JSON numbers (or text on some drivers): whole tenge either way. */
function amounts(value: unknown): Record<string, number> {
  const parsed = (typeof value === 'string' ? JSON.parse(value) : value ?? {}) as Record<string, unknown>;
  return Object.fromEntries(SOURCES_SQL.map((source) => [source, num(parsed[source])]));
}
