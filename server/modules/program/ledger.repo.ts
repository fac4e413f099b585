import { sql, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/database.ts';
import { dateWithin, int, nationalAreas, numOrNull, percentOf, regionIs, rowsOf, type Period, withoutJit } from './program.scope.ts';

export type LedgerDimension = 'source' | 'area' | 'region' | 'year' | 'quarter' | 'total';

export interface LedgerCell {
  dimension: LedgerDimension;
  key: string;
  plannedKzt: number;
  disbursedKzt: number;
  nationalPlannedKzt: number;
  nationalDisbursedKzt: number;
  nationalPlannedPercent: number | null;
  nationalDisbursedPercent: number | null;
}

interface RawCell {
  dimension: LedgerDimension;
  key: string;
  planned: unknown;
  disbursed: unknown;
  national_planned: unknown;
  national_disbursed: unknown;
  national_planned_percent: unknown;
  national_disbursed_percent: unknown;
}

/** ISO date of the first day of the month after `date`'s. */
const nextMonth = (date: string) => {
  const [year, month] = date.split('-').map(Number);
  return month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
};

const isLastOfMonth = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).getUTCDate() === 1;

/**
 * The whole calendar months inside a period, as [from, toExclusive) month starts (null = unbounded):
 * a period from 15 March to 10 June has April and May whole; March and June are cut.
 */
export function wholeMonths(period: Period): { from: string | null; toExclusive: string | null } {
  const from = period.from === null ? null : period.from.endsWith('-01') ? period.from : nextMonth(period.from);
  const toExclusive = period.to === null ? null : isLastOfMonth(period.to) ? nextMonth(period.to) : `${period.to.slice(0, 8)}01`;
  return { from, toExclusive };
}

/**
 * The co-financing ledger in one statement: planned money (tranches, by planned date) and disbursed
 * money (disbursements, by payment date) summed by source, priority area, region, year, quarter and
 * in total with GROUPING SETS over the monthly summary, so every breakdown adds up to the same total. Quarters come from the date itself (a date has no time zone): 31 March is in Q1.
 */
export function createLedgerRepo({ db }: { db: Db }) {
  return {
    async cells(scope: { region: string | null }, period: Period, tx: DbOrTx = db): Promise<LedgerCell[]> {
      // Whole months come from money_by_month (kept exact by triggers, migration 0006); a month the
      // period cuts comes from its own tranches and payments (dates indexed), so any period is exact.
      const national = sql`area in (${nationalAreas()})`;
      const months = wholeMonths(period);
      const cellMonths = sql.join([
        sql`m.entries > 0`,
        ...(months.from ? [sql`m.month >= ${months.from}::date`] : []),
        ...(months.toExclusive ? [sql`m.month < ${months.toExclusive}::date`] : []),
      ], sql` and `);
      const cutMonths = (column: SQL) => {
        const outside = [...(months.from ? [sql`${column} < ${months.from}::date`] : []), ...(months.toExclusive ? [sql`${column} >= ${months.toExclusive}::date`] : [])];
        return outside.length ? sql`${dateWithin(column, period)} and (${sql.join(outside, sql` or `)})` : sql`false`;
      };
      const result = await withoutJit(tx, (q) => q.execute(sql`
        with money as (
          select m.source, m.priority_area as area, m.region, date_trunc('quarter', m.month::timestamp)::date as q, m.planned_kzt as planned, m.disbursed_kzt as disbursed
          from money_by_month m
          where ${regionIs(sql`m.region`, scope.region)} and ${cellMonths}
          union all
          select t.source, p.priority_area, p.region, date_trunc('quarter', t.planned_date::timestamp)::date, t.planned_amount_kzt, 0
          from partnership_tranches t join partnerships p on p.id = t.partnership_id
          where ${regionIs(sql`p.region`, scope.region)} and ${cutMonths(sql`t.planned_date`)}
          union all
          select d.source, p.priority_area, p.region, date_trunc('quarter', d.disbursed_on::timestamp)::date, 0, d.amount_kzt
          from disbursements d join partnerships p on p.id = d.partnership_id
          where ${regionIs(sql`p.region`, scope.region)} and ${cutMonths(sql`d.disbursed_on`)}
        ), fine as (
          select source, area, region, q, sum(planned) as planned, sum(disbursed) as disbursed
          from money group by source, area, region, q
        ), g as (
          select grouping(source) as gs, grouping(area) as ga, grouping(region) as gr, grouping(q) as gq, source, area, region, q,
            coalesce(sum(planned), 0) as planned, coalesce(sum(disbursed), 0) as disbursed
          from fine group by grouping sets ((source), (area), (region), (area, q))
        ), by_area_quarter as (
          select area, q, planned, disbursed, coalesce(${national}, false) as national from g where gq = 0
        ), cells as (
          select 'source' as dimension, source as key, planned, disbursed, 0 as national_planned, 0 as national_disbursed from g where gs = 0
          union all
          select 'area', coalesce(area, 'none'), planned, disbursed, 0, 0 from g where ga = 0 and gq = 1
          union all
          select 'region', coalesce(region, 'none'), planned, disbursed, 0, 0 from g where gr = 0
          union all
          select case when grouping(extract(year from q)) = 0 then 'year' when grouping(q) = 0 then 'quarter' else 'total' end,
            case when grouping(extract(year from q)) = 0 then extract(year from q)::int::text when grouping(q) = 0 then to_char(q, 'YYYY-"Q"Q') else '' end,
            sum(planned), sum(disbursed), coalesce(sum(planned) filter (where national), 0), coalesce(sum(disbursed) filter (where national), 0)
          from by_area_quarter group by grouping sets ((extract(year from q)), (q), ())
        )
        select dimension, key, planned::bigint, disbursed::bigint, national_planned::bigint, national_disbursed::bigint,
          ${percentOf(sql`national_planned`, sql`planned`)} as national_planned_percent,
          ${percentOf(sql`national_disbursed`, sql`disbursed`)} as national_disbursed_percent
        from cells order by dimension, key`));
      return rowsOf<RawCell>(result).map((row) => ({
        dimension: row.dimension,
        key: row.key,
        plannedKzt: int(row.planned),
        disbursedKzt: int(row.disbursed),
        nationalPlannedKzt: int(row.national_planned),
        nationalDisbursedKzt: int(row.national_disbursed),
        nationalPlannedPercent: numOrNull(row.national_planned_percent),
        nationalDisbursedPercent: numOrNull(row.national_disbursed_percent),
      }));
    },

    /**
     * What the ledger must reconcile with, straight from the rows: every disbursement's sum and the
     * sum of each breakdown's groups, plus the partnerships whose own numbers do not hold (milestones
     * or tranches not adding up to the total, a tranche paid beyond its plan, a payment booked against
     * another partnership's or another source's tranche), and any drift of the money summaries
     * (partnership_money, money_by_month) from the rows they sum.
     */
    async reconciliation(tx: DbOrTx = db) {
      const totals = rowsOf<Record<string, unknown>>(
        await tx.execute(sql`
          select
            (select count(*) from partnerships) as partnerships,
            (select count(*) from disbursements) as disbursements,
            (select coalesce(sum(amount_kzt), 0)::bigint from disbursements) as disbursed,
            (select coalesce(sum(s), 0)::bigint from (select sum(d.amount_kzt) as s from disbursements d group by d.partnership_id) x) as by_partnership`),
      )[0];
      const issues = rowsOf<{ kind: string; partnership_id: string | null; expected: unknown; actual: unknown }>(
        await tx.execute(sql`
          with milestone_sums as (
            select p.id, p.total_budget_kzt as expected, coalesce(sum(m.amount_kzt), 0)::bigint as actual
            from partnerships p left join partnership_milestones m on m.partnership_id = p.id group by p.id
          ), tranche_sums as (
            select p.id, p.total_budget_kzt as expected, coalesce(sum(t.planned_amount_kzt), 0)::bigint as actual
            from partnerships p left join partnership_tranches t on t.partnership_id = p.id group by p.id
          ), paid as (
            select t.id, t.partnership_id, t.planned_amount_kzt as expected, sum(d.amount_kzt)::bigint as actual
            from partnership_tranches t join disbursements d on d.tranche_id = t.id group by t.id
          ), raw_money as (
            select partnership_id, source, date_trunc('month', planned_date::timestamp)::date as month, planned_amount_kzt as planned, 0::bigint as disbursed from partnership_tranches
            union all
            select partnership_id, source, date_trunc('month', disbursed_on::timestamp)::date, 0, amount_kzt from disbursements
          ), raw_by_partnership as (
            select partnership_id, source, sum(planned) as planned, sum(disbursed) as disbursed from raw_money group by 1, 2
          ), raw_by_month as (
            select p.region, p.priority_area, p.is_public, r.source, r.month, sum(r.planned) as planned, sum(r.disbursed) as disbursed, count(*) as entries
            from raw_money r join partnerships p on p.id = r.partnership_id group by 1, 2, 3, 4, 5
          )
          select 'milestones_sum' as kind, id as partnership_id, expected, actual from milestone_sums where expected <> actual
          union all select 'tranches_sum', id, expected, actual from tranche_sums where expected <> actual
          union all select 'tranche_overpaid', partnership_id, expected, actual from paid where actual > expected
          union all
          select 'disbursement_misbooked', d.partnership_id, 0, d.amount_kzt
          from disbursements d join partnership_tranches t on t.id = d.tranche_id
          where t.partnership_id <> d.partnership_id or t.source <> d.source
          union all
          select 'summary_drift', coalesce(r.partnership_id, s.partnership_id), coalesce(r.planned, 0) + coalesce(r.disbursed, 0), coalesce(s.planned_kzt, 0) + coalesce(s.disbursed_kzt, 0)
          from raw_by_partnership r full join partnership_money s on s.partnership_id = r.partnership_id and s.source = r.source
          where coalesce(r.planned, 0) <> coalesce(s.planned_kzt, 0) or coalesce(r.disbursed, 0) <> coalesce(s.disbursed_kzt, 0)
          union all
          select 'summary_drift', null, coalesce(r.planned, 0) + coalesce(r.disbursed, 0), coalesce(s.planned_kzt, 0) + coalesce(s.disbursed_kzt, 0)
          from raw_by_month r full join (select * from money_by_month where entries <> 0) s
            on coalesce(s.region, '') = coalesce(r.region, '') and coalesce(s.priority_area, '') = coalesce(r.priority_area, '') and s.is_public = r.is_public and s.source = r.source and s.month = r.month
          where coalesce(r.planned, 0) <> coalesce(s.planned_kzt, 0) or coalesce(r.disbursed, 0) <> coalesce(s.disbursed_kzt, 0) or coalesce(r.entries, 0) <> coalesce(s.entries, 0)
          limit 100`),
      );
      return {
        partnerships: int(totals.partnerships),
        disbursements: int(totals.disbursements),
        disbursedKzt: int(totals.disbursed),
        byPartnershipKzt: int(totals.by_partnership),
        issues: issues.map((issue) => ({ kind: issue.kind, partnershipId: issue.partnership_id, expectedKzt: int(issue.expected), actualKzt: int(issue.actual) })),
      };
    },
  };
}
export type LedgerRepo = ReturnType<typeof createLedgerRepo>;
