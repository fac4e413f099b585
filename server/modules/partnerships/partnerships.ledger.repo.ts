import { and, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/database.ts';
import type { CofinancingSource } from '../../../shared/schemas/proposals.ts';
import { users } from '../users/users.table.ts';
import { disbursements, partnershipMilestones, partnershipTranches } from './partnerships.table.ts';

export interface NewDisbursement {
  partnershipId: string;
  trancheId: string;
  source: CofinancingSource;
  amountKzt: number;
  disbursedOn: string;
  note: string | null;
  recordedByUserId: string | null;
  reversesDisbursementId?: string | null;
}

/** The money side: tranches as planned and the append-only disbursement entries against them. */
export function createLedgerRepo({ db }: { db: Db }) {
  return {
    /**
     * The tranche with its milestone, row-locked for the rest of the transaction: two entries recorded
     * at once against one tranche are checked one after the other, so together they never pass the plan.
     */
    async lockTranche(partnershipId: string, trancheId: string, tx: DbOrTx) {
      const [row] = await tx
        .select({ tranche: partnershipTranches, milestoneStatus: partnershipMilestones.status, milestoneTitle: partnershipMilestones.title })
        .from(partnershipTranches)
        .innerJoin(partnershipMilestones, eq(partnershipMilestones.id, partnershipTranches.milestoneId))
        .where(and(eq(partnershipTranches.id, trancheId), eq(partnershipTranches.partnershipId, partnershipId)))
        .for('update', { of: partnershipTranches })
        .limit(1);
      return row ?? null;
    },

    async disbursedOnTranche(trancheId: string, tx: DbOrTx = db): Promise<number> {
      const [row] = await tx.select({ total: sql<string>`coalesce(sum(${disbursements.amountKzt}), 0)` }).from(disbursements).where(eq(disbursements.trancheId, trancheId));
      return Number(row.total);
    },

    async insertDisbursement(entry: NewDisbursement, tx: DbOrTx = db) {
      const [row] = await tx
        .insert(disbursements)
        .values({
          partnershipId: entry.partnershipId, trancheId: entry.trancheId, source: entry.source, amountKzt: entry.amountKzt, disbursedOn: entry.disbursedOn,
          note: entry.note, recordedByUserId: entry.recordedByUserId, reversesDisbursementId: entry.reversesDisbursementId ?? null,
        })
        .returning();
      return row;
    },

    async findDisbursement(partnershipId: string, id: string, tx: DbOrTx = db) {
      const [row] = await tx.select().from(disbursements).where(and(eq(disbursements.id, id), eq(disbursements.partnershipId, partnershipId))).limit(1);
      return row ?? null;
    },

    async findReversalOf(id: string, tx: DbOrTx = db) {
      const [row] = await tx.select({ id: disbursements.id }).from(disbursements).where(eq(disbursements.reversesDisbursementId, id)).limit(1);
      return row ?? null;
    },

    /** Entries oldest first, with the recording person's name. */
    async listWithRecorder(partnershipId: string, tx: DbOrTx = db) {
      return tx
        .select({ disbursement: disbursements, recordedBy: users.fullName, milestoneId: partnershipTranches.milestoneId })
        .from(disbursements)
        .innerJoin(partnershipTranches, eq(partnershipTranches.id, disbursements.trancheId))
        .leftJoin(users, eq(users.id, disbursements.recordedByUserId))
        .where(eq(disbursements.partnershipId, partnershipId))
        .orderBy(disbursements.disbursedOn, disbursements.createdAt);
    },

    /** Planned and disbursed per tranche (net of reversals), for completion and re-planning checks. */
    async trancheBalances(partnershipId: string, tx: DbOrTx = db) {
      const rows = await tx
        .select({
          trancheId: partnershipTranches.id,
          milestoneId: partnershipTranches.milestoneId,
          source: partnershipTranches.source,
          plannedKzt: partnershipTranches.plannedAmountKzt,
          disbursedKzt: sql<string>`coalesce(sum(${disbursements.amountKzt}), 0)`,
          entries: sql<string>`count(${disbursements.id})`,
        })
        .from(partnershipTranches)
        .leftJoin(disbursements, eq(disbursements.trancheId, partnershipTranches.id))
        .where(eq(partnershipTranches.partnershipId, partnershipId))
        .groupBy(partnershipTranches.id);
      return rows.map((row) => ({ ...row, disbursedKzt: Number(row.disbursedKzt), entries: Number(row.entries) }));
    },
  };
}
export type LedgerRepo = ReturnType<typeof createLedgerRepo>;
