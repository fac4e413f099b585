import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/database.ts';
import { users } from '../users/users.table.ts';
import { memberships } from '../organisations/organisations.table.ts';
import { proposals } from '../proposals/proposals.table.ts';
import type { DeclineReasonCode, ProposalStatus } from '../../../shared/schemas/proposals.ts';
import type { VoteChoice } from '../../../shared/schemas/calls.ts';
import { callOutcomes, councilMembers, councilVotes, type CallOutcomeRow } from './council.table.ts';

export function createCouncilRepo({ db }: { db: Db }) {
  return {
    async replaceMembers(callId: string, members: { userId: string; chair: boolean }[], tx: DbOrTx) {
      await tx.delete(councilMembers).where(eq(councilMembers.callId, callId));
      await tx.insert(councilMembers).values(members.map((member) => ({ callId, userId: member.userId, chair: member.chair })));
    },

    async listMembers(callId: string, tx: DbOrTx = db) {
      return tx
        .select({ userId: councilMembers.userId, chair: councilMembers.chair, fullName: users.fullName })
        .from(councilMembers)
        .innerJoin(users, eq(users.id, councilMembers.userId))
        .where(eq(councilMembers.callId, callId))
        .orderBy(sql`${councilMembers.chair} desc`, asc(users.fullName));
    },

    async isMember(callId: string, userId: string, tx: DbOrTx = db) {
      const [row] = await tx.select({ userId: councilMembers.userId }).from(councilMembers).where(and(eq(councilMembers.callId, callId), eq(councilMembers.userId, userId))).limit(1);
      return Boolean(row);
    },

    async listVotes(callId: string, tx: DbOrTx = db) {
      return tx
        .select({ proposalId: councilVotes.proposalId, userId: councilVotes.userId, vote: councilVotes.vote, at: councilVotes.at, fullName: users.fullName })
        .from(councilVotes)
        .innerJoin(users, eq(users.id, councilVotes.userId))
        .where(eq(councilVotes.callId, callId))
        .orderBy(asc(councilVotes.at));
    },

    /** A member may change their vote until the outcome is recorded; the audit log keeps every one. */
    async upsertVote(values: { callId: string; proposalId: string; userId: string; vote: VoteChoice | 'conflict'; at: Date }, tx: DbOrTx) {
      await tx
        .insert(councilVotes)
        .values(values)
        .onConflictDoUpdate({ target: [councilVotes.proposalId, councilVotes.userId], set: { vote: values.vote, at: values.at } });
    },

    async listOutcomes(callId: string, tx: DbOrTx = db): Promise<CallOutcomeRow[]> {
      return tx.select().from(callOutcomes).where(eq(callOutcomes.callId, callId));
    },

    async findOutcome(proposalId: string, tx: DbOrTx = db) {
      const [row] = await tx.select().from(callOutcomes).where(eq(callOutcomes.proposalId, proposalId)).limit(1);
      return row ?? null;
    },

    async insertOutcome(values: { proposalId: string; callId: string; funded: boolean; amountKzt: number | null; rationale: string; partnershipId: string | null; decidedByUserId: string | null; decidedAt: Date }, tx: DbOrTx) {
      const [row] = await tx.insert(callOutcomes).values(values).onConflictDoNothing().returning();
      return row ?? null;
    },

    /** The council's decision moves the proposal; the proposals module's enterprise transitions do not apply to calls. */
    async setProposalStatus(proposalId: string, change: { status: ProposalStatus; at: Date; declineReasonCode?: DeclineReasonCode; declineNote?: string }, tx: DbOrTx) {
      await tx
        .update(proposals)
        .set({
          status: change.status,
          statusChangedAt: change.at,
          updatedAt: change.at,
          ...(change.declineReasonCode ? { declineReasonCode: change.declineReasonCode, declineNote: change.declineNote ?? null } : {}),
        })
        .where(eq(proposals.id, proposalId));
    },

    async listMemberIdsOf(organisationIds: string[], tx: DbOrTx = db) {
      if (organisationIds.length === 0) return [];
      return tx.select({ userId: memberships.userId, organisationId: memberships.organisationId }).from(memberships).where(inArray(memberships.organisationId, organisationIds));
    },
  };
}
export type CouncilRepo = ReturnType<typeof createCouncilRepo>;
