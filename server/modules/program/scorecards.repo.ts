import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/database.ts';
import type { Scorecard } from '../../../shared/schemas/program.ts';
import { int, medianDays, numOrNull, percentOf, regionIs, rowsOf, type ProgramScope, withoutJit } from './program.scope.ts';
import { submittedProposals } from './funnel.repo.ts';

export type Side = 'institute' | 'enterprise';

const SCORECARDS_MAX = 500;

/**
 * One row per organisation of a side with partnerships in the scope: their count, money planned and
 * disbursed (from partnership_money, the running sums migration 0006 keeps exact), milestones due
 * (past due or accepted) and accepted on time (on Kazakhstan's calendar day), distinct partners, and the median response time — institutes: from a task's publication to
 * their proposal; enterprises: from a proposal's submission to their first decision.
 */
export function createScorecardsRepo({ db }: { db: Db }) {
  return {
    /**
     * Both sides in one statement: each partnership's money and milestones are summed once, then
     * grouped by institute and by enterprise (GROUPING SETS); the proposals behind response times are
     * read once for both. Each side keeps its SCORECARDS_MAX organisations with the most money planned.
     */
    async lists(scope: ProgramScope, tx: DbOrTx = db): Promise<Record<Side, Scorecard[]>> {
      const result = await withoutJit(tx, (q) => q.execute(sql`
        with ${submittedProposals(scope)},
        ps as (select p.id, p.institute_organisation_id as institute, p.enterprise_organisation_id as enterprise from partnerships p where ${regionIs(sql`p.region`, scope.region)}),
        money as (select m.partnership_id as id, sum(m.planned_kzt) as planned, sum(m.disbursed_kzt) as disbursed from partnership_money m join ps on ps.id = m.partnership_id group by 1),
        ms as (
          select m.partnership_id as id,
            count(*) filter (where m.due_date < ${scope.today}::date or m.accepted_at is not null) as due,
            count(*) filter (where m.accepted_at is not null and (m.accepted_at at time zone 'Asia/Almaty')::date <= m.due_date) as on_time
          from partnership_milestones m join ps on ps.id = m.partnership_id group by 1
        ),
        facts as (
          select ps.institute, ps.enterprise, money.planned, money.disbursed, ms.due, ms.on_time
          from ps left join money on money.id = ps.id left join ms on ms.id = ps.id
        ),
        per_org as (
          select case when grouping(institute) = 0 then 'institute' else 'enterprise' end as side, coalesce(institute, enterprise) as org,
            count(*) as partnerships, coalesce(sum(planned), 0)::bigint as planned, coalesce(sum(disbursed), 0)::bigint as disbursed,
            coalesce(sum(due), 0)::bigint as due, coalesce(sum(on_time), 0)::bigint as on_time,
            case when grouping(institute) = 0 then count(distinct enterprise) else count(distinct institute) end as partners
          from facts group by grouping sets ((institute), (enterprise))
        ),
        responses as (
          -- One read of sub for both sides, so PostgreSQL inlines it (and drops its unused joins).
          select case when grouping(institute_id) = 0 then 'institute' else 'enterprise' end as side, coalesce(institute_id, enterprise_id) as org,
            case when grouping(institute_id) = 0 then ${medianDays(sql`submitted_at - published_at`)}
              else ${medianDays(sql`decided_at - submitted_at`, sql`decided_at is not null`)} end as median
          from sub group by grouping sets ((institute_id), (enterprise_id))
        ),
        ranked as (
          select per_org.*, o.name, ${percentOf(sql`per_org.on_time`, sql`per_org.due`)} as on_time_percent, responses.median,
            row_number() over (partition by per_org.side order by per_org.planned desc, o.name, o.id) as rank
          from per_org join organisations o on o.id = per_org.org
          left join responses on responses.side = per_org.side and responses.org = per_org.org
        )
        select * from ranked where rank <= ${SCORECARDS_MAX} order by side, rank`));
      const lists: Record<Side, Scorecard[]> = { institute: [], enterprise: [] };
      for (const row of rowsOf<Record<string, unknown>>(result)) {
        lists[row.side as Side].push({
          organisation: { id: String(row.org), name: String(row.name) },
          partnerships: int(row.partnerships),
          plannedKzt: int(row.planned),
          disbursedKzt: int(row.disbursed),
          milestonesDue: int(row.due),
          milestonesOnTime: int(row.on_time),
          onTimePercent: numOrNull(row.on_time_percent),
          medianResponseDays: numOrNull(row.median),
          partners: int(row.partners),
        });
      }
      return lists;
    },

    /** Institutes (located in the region, or all) with at least one partnership that has an industrial party. */
    async industrialPartnerShare(scope: ProgramScope, tx: DbOrTx = db) {
      const [row] = rowsOf<Record<string, unknown>>(
        await tx.execute(sql`
          with inst as (select o.id from organisations o where o.kind = 'institute' and ${regionIs(sql`o.region`, scope.region)}),
          counted as (
            select count(*) as institutes,
              count(*) filter (where exists (select 1 from partnerships p where p.institute_organisation_id = inst.id and p.enterprise_organisation_id is not null)) as with_partner
            from inst
          )
          select institutes, with_partner, ${percentOf(sql`with_partner`, sql`institutes`)} as percent from counted`),
      );
      const institutes = int(row.institutes);
      const withIndustrialPartner = int(row.with_partner);
      return { institutes, withIndustrialPartner, percent: numOrNull(row.percent) };
    },
  };
}
