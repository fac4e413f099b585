import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/database.ts';
import { decisionActions, int, medianDays, numOrNull, regionIs, rowsOf, type ProgramScope } from './program.scope.ts';

/**
 * Proposals as the funnel sees them: submitted ones on published tasks of the scope, with the moment
 * of the enterprise's first answer — the first decision in the audit log (shortlisted, negotiation,
 * declined, agreed), else the status change of a proposal already decided (imported or seeded rows).
 */
export const submittedProposals = (scope: ProgramScope) => sql`
  scoped_tasks as (
    select t.id, t.organisation_id, t.published_at from tasks t where t.published_at is not null and ${regionIs(sql`t.region`, scope.region)}
  ), sub as (
    select p.id, p.task_id, p.organisation_id as institute_id, st.organisation_id as enterprise_id, st.published_at, p.status, p.submitted_at, p.status_changed_at
    from proposals p join scoped_tasks st on st.id = p.task_id where p.submitted_at is not null
  ), decided as (
    select s.id, s.institute_id, s.enterprise_id, s.submitted_at, coalesce(
      (select min(a.at) from audit_log a where a.entity_type = 'proposal' and a.entity_id = s.id::text and a.action in (${decisionActions()})),
      case when s.status in ('shortlisted', 'in_negotiation', 'agreed', 'declined') then s.status_changed_at end
    ) as decided_at
    from sub s
  ), parts as (
    select pa.id, pa.proposal_id, pa.status, pa.agreed_at, s.submitted_at from partnerships pa join sub s on s.id = pa.proposal_id
  )`;

export function createFunnelRepo({ db }: { db: Db }) {
  return {
    /** Stage counts and median cycle times, all in one statement. */
    async stages(scope: ProgramScope, tx: DbOrTx = db) {
      const [row] = rowsOf<Record<string, unknown>>(
        await tx.execute(sql`
          with ${submittedProposals(scope)},
          first_proposals as (
            select st.published_at, min(s.submitted_at) as first_at from scoped_tasks st join sub s on s.task_id = st.id group by st.id, st.published_at
          )
          select
            (select count(*) from scoped_tasks) as tasks,
            (select count(*) from sub) as proposals,
            (select count(*) from sub where status in ('in_negotiation', 'agreed') or exists (select 1 from parts where parts.proposal_id = sub.id)) as negotiations,
            (select count(*) from parts) as partnerships,
            (select count(*) from parts where status = 'completed') as completed,
            (select ${medianDays(sql`first_at - published_at`)} from first_proposals) as to_first_proposal,
            (select ${medianDays(sql`decided_at - submitted_at`)} from decided where decided_at is not null) as to_decision,
            (select ${medianDays(sql`agreed_at - submitted_at`)} from parts) as to_agreement,
            (select count(*) from sub where status = 'submitted') as undecided,
            (select ${medianDays(sql`${scope.now}::timestamptz - submitted_at`)} from sub where status = 'submitted') as undecided_median,
            (select round((extract(epoch from ${scope.now}::timestamptz - min(submitted_at)) / 86400.0)::numeric, 1)::float8 from sub where status = 'submitted') as undecided_oldest`),
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
