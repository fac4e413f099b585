import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/database.ts';
import { decisionActions, int, medianDays, numOrNull, regionIs, rowsOf, type ProgramScope, withoutJit } from './program.scope.ts';

/**
 * Proposals as the funnel sees them: submitted ones on published tasks of the scope, each with its
 * partnership (if any) and the moment of the enterprise's first answer — the first decision in the
 * audit log (shortlisted, negotiation, declined, agreed; a partial index keeps only those), else the
 * status change of a proposal already decided (imported or seeded rows).
 */
export const submittedProposals = (scope: ProgramScope) => sql`
  scoped_tasks as (
    select t.id, t.organisation_id, t.published_at from tasks t where t.published_at is not null and ${regionIs(sql`t.region`, scope.region)}
  ), first_decisions as (
    select a.entity_id, min(a.at) as at from audit_log a
    where a.entity_type = 'proposal' and a.action in (${decisionActions()}) group by a.entity_id
  ), sub as (
    select p.id, p.task_id, p.organisation_id as institute_id, st.organisation_id as enterprise_id, st.published_at, p.status, p.submitted_at,
      pa.id as partnership_id, pa.status as partnership_status, pa.agreed_at,
      coalesce(fd.at, case when p.status in ('shortlisted', 'in_negotiation', 'agreed', 'declined') then p.status_changed_at end) as decided_at
    from proposals p join scoped_tasks st on st.id = p.task_id
    left join partnerships pa on pa.proposal_id = p.id
    left join first_decisions fd on fd.entity_id = p.id::text
    where p.submitted_at is not null
  )`;

export function createFunnelRepo({ db }: { db: Db }) {
  return {
    /**
     * Stage counts and median cycle times, all in one statement. `sub` and `scoped_tasks` are read
     * once each, so PostgreSQL inlines them instead of materialising 15,000 wide rows (56 → 35 ms on
     * the bench data); the first-proposal wait reads proposals and tasks directly.
     */
    async stages(scope: ProgramScope, tx: DbOrTx = db) {
      const [row] = rowsOf<Record<string, unknown>>(
        await withoutJit(tx, (q) => q.execute(sql`
          with ${submittedProposals(scope)},
          first_proposals as (
            select min(p.submitted_at) - t.published_at as wait from proposals p join tasks t on t.id = p.task_id
            where p.submitted_at is not null and t.published_at is not null and ${regionIs(sql`t.region`, scope.region)} group by t.id
          )
          select
            (select count(*) from tasks t where t.published_at is not null and ${regionIs(sql`t.region`, scope.region)}) as tasks,
            count(*) as proposals,
            count(*) filter (where status in ('in_negotiation', 'agreed') or partnership_id is not null) as negotiations,
            count(*) filter (where partnership_id is not null) as partnerships,
            count(*) filter (where partnership_status = 'completed') as completed,
            (select ${medianDays(sql`wait`)} from first_proposals) as to_first_proposal,
            ${medianDays(sql`decided_at - submitted_at`, sql`decided_at is not null`)} as to_decision,
            ${medianDays(sql`agreed_at - submitted_at`, sql`partnership_id is not null`)} as to_agreement,
            count(*) filter (where status = 'submitted') as undecided,
            ${medianDays(sql`${scope.now}::timestamptz - submitted_at`, sql`status = 'submitted'`)} as undecided_median,
            round((extract(epoch from ${scope.now}::timestamptz - min(submitted_at) filter (where status = 'submitted')) / 86400.0)::numeric, 1)::float8 as undecided_oldest
          from sub`)),
      );
      return {
        tasks: int(row.tasks),
        proposals: int(row.proposals),
        negotiations: int(row.negotiations),
        partnerships: int(row.partnerships),
        completed: int(row.completed),
        medianDays: { toFirstProposal: numOrNull(row.to_first_proposal), toDecision: numOrNull(row.to_decision), toAgreement: numOrNull(row.to_agreement) },
        undecided: { count: int(row.undecided), medianWaitingDays: numOrNull(row.undecided_median), oldestWaitingDays: numOrNull(row.undecided_oldest) },
      };
    },

    /** Milestones of running partnerships past their due date and not accepted, oldest first. */
    async overdueMilestones(scope: ProgramScope, limit: number, tx: DbOrTx = db) {
      const where = sql`pa.status in ('active', 'at_risk') and m.status <> 'accepted' and m.due_date < ${scope.today}::date and ${regionIs(sql`pa.region`, scope.region)}`;
      const [items, counted] = await Promise.all([
        tx.execute(sql`
          select pa.id as partnership_id, pa.title as partnership_title, m.title as milestone_title, m.due_date::text as due_date,
            (${scope.today}::date - m.due_date) as days_overdue, m.amount_kzt
          from partnership_milestones m join partnerships pa on pa.id = m.partnership_id
          where ${where} order by m.due_date, pa.id, m.position limit ${limit}`),
        tx.execute(sql`select count(*) as total from partnership_milestones m join partnerships pa on pa.id = m.partnership_id where ${where}`),
      ]);
      return {
        count: int(rowsOf<{ total: unknown }>(counted)[0].total),
        items: rowsOf<Record<string, unknown>>(items).map((row) => ({
          partnershipId: String(row.partnership_id),
          partnershipTitle: String(row.partnership_title),
          milestoneTitle: String(row.milestone_title),
          dueDate: String(row.due_date),
          daysOverdue: int(row.days_overdue),
          amountKzt: int(row.amount_kzt),
        })),
      };
    },
  };
}
