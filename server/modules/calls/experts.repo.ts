import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/database.ts';
import { memberships, organisations } from '../organisations/organisations.table.ts';
import { users } from '../users/users.table.ts';
import { proposals } from '../proposals/proposals.table.ts';
import type { Locale, PriorityArea } from '../../../shared/constants.ts';
import type { ScoreLine } from '../../../shared/schemas/calls.ts';
import { calls } from './calls.table.ts';
import { callExperts, expertAssignments, type ExpertAssignmentRow } from './experts.table.ts';

/** A score sheet as stored: the known fields only, comments trimmed. */
const cleanSheet = (scores: ScoreLine[]): ScoreLine[] => scores.map(({ criterion, score, comment }) => ({ criterion, score, comment: comment.trim() }));

export function createExpertsRepo({ db }: { db: Db }) {
  const selectExperts = (tx: DbOrTx) =>
    tx
      .select({
        expert: callExperts,
        user: { id: users.id, fullName: users.fullName, email: users.email },
        organisation: { id: organisations.id, name: organisations.name },
      })
      .from(callExperts)
      .innerJoin(users, eq(users.id, callExperts.userId))
      .leftJoin(memberships, eq(memberships.userId, callExperts.userId))
      .leftJoin(organisations, eq(organisations.id, memberships.organisationId));

  return {
    /** Registering again updates the fields and languages. */
    async upsertExpert(values: { programOfficeId: string; userId: string; fields: PriorityArea[]; languages: Locale[] }, tx: DbOrTx = db) {
      const [row] = await tx
        .insert(callExperts)
        .values({ programOfficeId: values.programOfficeId, userId: values.userId, fields: values.fields, languages: values.languages })
        .onConflictDoUpdate({ target: [callExperts.programOfficeId, callExperts.userId], set: { fields: values.fields, languages: values.languages } })
        .returning();
      return row;
    },

    async listExperts(programOfficeId: string, tx: DbOrTx = db) {
      return selectExperts(tx).where(eq(callExperts.programOfficeId, programOfficeId)).orderBy(asc(users.fullName));
    },

    async findExpert(id: string, tx: DbOrTx = db) {
      const [row] = await selectExperts(tx).where(eq(callExperts.id, id)).limit(1);
      return row ?? null;
    },

    /**
     * Assigns only when the expert belongs neither to the proposing institute nor to the task's
     * enterprise — checked in the same statement as the insert, so no race can slip a conflict in.
     * Null when refused (conflict) or already assigned.
     */
    async assignUnlessConflicted(values: { callId: string; proposalId: string; expertId: string; expertUserId: string }, tx: DbOrTx = db): Promise<string | null> {
      const result = await tx.execute(sql`
        insert into expert_assignments (call_id, proposal_id, expert_id, expert_user_id)
        select ${values.callId}::uuid, p.id, ${values.expertId}::uuid, ${values.expertUserId}::uuid
        from proposals p join tasks t on t.id = p.task_id
        where p.id = ${values.proposalId}::uuid
          and not exists (
            select 1 from memberships m
            where m.user_id = ${values.expertUserId}::uuid and m.organisation_id in (p.organisation_id, t.organisation_id))
        on conflict (proposal_id, expert_user_id) do nothing
        returning id`);
      const rows = (result as unknown as { rows: { id: string }[] }).rows;
      return rows[0]?.id ?? null;
    },

    async findAssignment(id: string, tx: DbOrTx = db) {
      const [row] = await tx
        .select({ assignment: expertAssignments, call: calls, proposal: proposals, instituteName: organisations.name })
        .from(expertAssignments)
        .innerJoin(calls, eq(calls.id, expertAssignments.callId))
        .innerJoin(proposals, eq(proposals.id, expertAssignments.proposalId))
        .innerJoin(organisations, eq(organisations.id, proposals.organisationId))
        .where(eq(expertAssignments.id, id))
        .limit(1);
      return row ?? null;
    },

    async listAssignmentsOfUser(userId: string, tx: DbOrTx = db) {
      return tx
        .select({ assignment: expertAssignments, call: calls, proposal: { id: proposals.id, title: proposals.title } })
        .from(expertAssignments)
        .innerJoin(calls, eq(calls.id, expertAssignments.callId))
        .innerJoin(proposals, eq(proposals.id, expertAssignments.proposalId))
        .where(eq(expertAssignments.expertUserId, userId))
        .orderBy(asc(calls.deadline), asc(expertAssignments.createdAt));
    },

    async listAssignmentsOfCall(callId: string, tx: DbOrTx = db): Promise<ExpertAssignmentRow[]> {
      return tx.select().from(expertAssignments).where(eq(expertAssignments.callId, callId)).orderBy(asc(expertAssignments.createdAt), asc(expertAssignments.id));
    },

    async listAssignmentsOfProposals(proposalIds: string[], tx: DbOrTx = db): Promise<ExpertAssignmentRow[]> {
      if (proposalIds.length === 0) return [];
      return tx.select().from(expertAssignments).where(inArray(expertAssignments.proposalId, proposalIds)).orderBy(asc(expertAssignments.createdAt), asc(expertAssignments.id));
    },

    async declare(id: string, values: { conflict: boolean; reason: string | null; at: Date }, tx: DbOrTx): Promise<ExpertAssignmentRow | null> {
      const [row] = await tx
        .update(expertAssignments)
        .set({ status: values.conflict ? 'conflict' : 'accepted', conflictReason: values.reason, declaredAt: values.at })
        .where(and(eq(expertAssignments.id, id), eq(expertAssignments.status, 'pending')))
        .returning();
      return row ?? null;
    },

    /** Written once: only an accepted assignment takes scores. */
    async saveScores(id: string, scores: ScoreLine[], at: Date, tx: DbOrTx): Promise<ExpertAssignmentRow | null> {
      const [row] = await tx
        .update(expertAssignments)
        .set({ status: 'scored', scores: cleanSheet(scores), scoredAt: at })
        .where(and(eq(expertAssignments.id, id), eq(expertAssignments.status, 'accepted')))
        .returning();
      return row ?? null;
    },

    /** A moderation revision replaces the sheet the results use; the answer row and the audit log keep the one before. */
    async reviseScores(id: string, scores: ScoreLine[], tx: DbOrTx): Promise<ExpertAssignmentRow | null> {
      const [row] = await tx
        .update(expertAssignments)
        .set({ scores: cleanSheet(scores) })
        .where(and(eq(expertAssignments.id, id), eq(expertAssignments.status, 'scored')))
        .returning();
      return row ?? null;
    },

    /** The organisation each of these people belongs to (a person has at most one). */
    async organisationsOf(userIds: string[], tx: DbOrTx = db): Promise<Map<string, string>> {
      if (userIds.length === 0) return new Map();
      const rows = await tx.select({ userId: memberships.userId, organisationId: memberships.organisationId }).from(memberships).where(inArray(memberships.userId, userIds));
      return new Map(rows.map((row) => [row.userId, row.organisationId]));
    },
  };
}
export type ExpertsRepo = ReturnType<typeof createExpertsRepo>;
