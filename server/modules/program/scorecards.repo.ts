import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/database.ts';
import type { Scorecard } from '../../../shared/schemas/program.ts';
import { int, medianDays, numOrNull, percentOf, regionIs, rowsOf, type ProgramScope, withoutJit } from './program.scope.ts';
import { submittedProposals } from './funnel.repo.ts';

export type Side = 'institute' | 'enterprise';

const SCORECARDS_MAX = 500;

/**
 * One row per organisation of a side with partnerships in the scope: their count, money planned and
 * disbursed (from partnership_money, the running sums migration 0006 keeps exact), milestones due (past due or accepted) and accepted on time (on Kazakhstan's calendar
 * day), distinct partners, and the median response time — institutes: from a task's publication to
 * their proposal; enterprises: from a proposal's submission to their first decision.
 */
export function createScorecardsRepo({ db }: { db: Db }) {
  return {
    async list(side: Side, scope: ProgramScope, tx: DbOrTx = db): Promise<Scorecard[]> {
      const own = side === 'institute' ? sql`institute_organisation_id` : sql`enterprise_organisation_id`;
      const other = side === 'institute' ? sql`enterprise_organisation_id` : sql`institute_organisation_id`;
      const response = side === 'institute'
        ? sql`select institute_id as org, ${medianDays(sql`submitted_at - published_at`)} as median from sub group by institute_id`
        : sql`select enterprise_id as org, ${medianDays(sql`decided_at - submitted_at`)} as median from sub where decided_at is not null group by enterprise_id`;
      const result = await withoutJit(tx, (q) => q.execute(sql`
        with ${submittedProposals(scope)},
        ps as (select p.id, p.${own} as org, p.${other} as partner from partnerships p where p.${own} is not null and ${regionIs(sql`p.region`, scope.region)}),
        money as (select m.partnership_id as id, sum(m.planned_kzt) as planned, sum(m.disbursed_kzt) as disbursed from partnership_money m join ps on ps.id = m.partnership_id group by 1),
        ms as (
          select m.partnership_id as id,
            count(*) filter (where m.due_date < ${scope.today}::date or m.accepted_at is not null) as due,
            count(*) filter (where m.accepted_at is not null and (m.accepted_at at time zone 'Asia/Almaty')::date <= m.due_date) as on_time
          from partnership_milestones m join ps on ps.id = m.partnership_id group by 1
        ),
        responses as (${response}),
        per_org as (
          select ps.org, count(*) as partnerships, coalesce(sum(money.planned), 0)::bigint as planned, coalesce(sum(money.disbursed), 0)::bigint as disbursed,
            coalesce(sum(ms.due), 0)::bigint as due, coalesce(sum(ms.on_time), 0)::bigint as on_time, count(distinct ps.partner) as partners
          from ps left join money on money.id = ps.id left join ms on ms.id = ps.id
          group by ps.org
        )
        select o.id, o.name, per_org.*, ${percentOf(sql`per_org.on_time`, sql`per_org.due`)} as on_time_percent, responses.median
        from per_org join organisations o on o.id = per_org.org left join responses on responses.org = per_org.org
        order by per_org.planned desc, o.name, o.id
        limit ${SCORECARDS_MAX}`));
      return rowsOf<Record<string, unknown>>(result).map((row) => ({
        organisation: { id: String(row.id), name: String(row.name) },
        partnerships: int(row.partnerships),
        plannedKzt: int(row.planned),
        disbursedKzt: int(row.disbursed),
        milestonesDue: int(row.due),
        milestonesOnTime: int(row.on_time),
        onTimePercent: numOrNull(row.on_time_percent),
        medianResponseDays: numOrNull(row.median),
        partners: int(row.partners),
      }));
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
