import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/database.ts';
import { publicDisclosureOf, type Terms } from '../../../shared/schemas/terms.ts';
import type { PartySide } from '../../../shared/schemas/partnerships.ts';
import { partnershipChangeRequests, partnershipMilestones, partnerships, partnershipTermsVersions, partnershipTranches } from './partnerships.table.ts';
import { planTranches } from './partnerships.tranches.ts';

export function createChangesRepo({ db }: { db: Db }) {
  return {
    async insert(values: { partnershipId: string; baseVersion: number; terms: Terms; reason: string; side: PartySide; userId: string | null }, tx: DbOrTx = db) {
      const [row] = await tx
        .insert(partnershipChangeRequests)
        .values({ partnershipId: values.partnershipId, baseVersion: values.baseVersion, terms: values.terms, reason: values.reason, proposedBySide: values.side, proposedByUserId: values.userId })
        .returning();
      return row;
    },

    async find(partnershipId: string, id: string, tx: DbOrTx = db) {
      const [row] = await tx.select().from(partnershipChangeRequests).where(and(eq(partnershipChangeRequests.id, id), eq(partnershipChangeRequests.partnershipId, partnershipId))).limit(1);
      return row ?? null;
    },

    async findPending(partnershipId: string, tx: DbOrTx = db) {
      const [row] = await tx.select({ id: partnershipChangeRequests.id }).from(partnershipChangeRequests).where(and(eq(partnershipChangeRequests.partnershipId, partnershipId), eq(partnershipChangeRequests.status, 'pending'))).limit(1);
      return row ?? null;
    },

    async decide(id: string, values: { status: 'accepted' | 'rejected' | 'withdrawn'; note: string | null; userId: string | null; at: Date }, tx: DbOrTx) {
      const [row] = await tx
        .update(partnershipChangeRequests)
        .set({ status: values.status, decisionNote: values.note, decidedByUserId: values.userId, decidedAt: values.at })
        .where(and(eq(partnershipChangeRequests.id, id), eq(partnershipChangeRequests.status, 'pending')))
        .returning();
      return row ?? null;
    },

    async listOf(partnershipId: string, tx: DbOrTx = db) {
      return tx.select().from(partnershipChangeRequests).where(eq(partnershipChangeRequests.partnershipId, partnershipId)).orderBy(desc(partnershipChangeRequests.createdAt));
    },

    /**
     * Writes the accepted terms as the next version and re-plans the ledger to them: milestones are
     * updated in place by position (keeping their status and reports), added or removed at the end;
     * tranches are re-planned by source; a tranche the new terms drop keeps its row at 0 when it has
     * ledger entries (the ledger is append-only), else it goes. Publication follows the new terms too.
     * Call after ledgerIssues passed.
     */
    async applyTerms(partnershipId: string, terms: Terms, version: number, changeRequestId: string, trancheEntries: Map<string, number>, at: Date, tx: DbOrTx) {
      const existing = await tx.select().from(partnershipMilestones).where(eq(partnershipMilestones.partnershipId, partnershipId));
      const byPosition = new Map(existing.map((milestone) => [milestone.position, milestone]));
      const ids: string[] = [];
      for (const [position, milestone] of terms.milestones.entries()) {
        const current = byPosition.get(position);
        if (current) {
          await tx
            .update(partnershipMilestones)
            .set({ title: milestone.title, deliverable: milestone.deliverable, dueDate: milestone.dueDate, amountKzt: milestone.amountKzt, updatedAt: at })
            .where(eq(partnershipMilestones.id, current.id));
          ids.push(current.id);
        } else {
          const [row] = await tx
            .insert(partnershipMilestones)
            .values({ partnershipId, position, title: milestone.title, deliverable: milestone.deliverable, dueDate: milestone.dueDate, amountKzt: milestone.amountKzt })
            .returning({ id: partnershipMilestones.id });
          ids.push(row.id);
        }
      }
      const tranches = await tx.select().from(partnershipTranches).where(eq(partnershipTranches.partnershipId, partnershipId));
      const plan = new Map(planTranches(terms).map((tranche) => [`${ids[tranche.milestoneIndex]}:${tranche.source}`, tranche]));
      for (const tranche of tranches) {
        const next = plan.get(`${tranche.milestoneId}:${tranche.source}`);
        if (next) {
          const dueDate = terms.milestones[next.milestoneIndex].dueDate;
          await tx.update(partnershipTranches).set({ plannedAmountKzt: next.amountKzt, plannedDate: dueDate }).where(eq(partnershipTranches.id, tranche.id));
          plan.delete(`${tranche.milestoneId}:${tranche.source}`);
        } else if ((trancheEntries.get(tranche.id) ?? 0) > 0) {
          await tx.update(partnershipTranches).set({ plannedAmountKzt: 0 }).where(eq(partnershipTranches.id, tranche.id));
        } else {
          await tx.delete(partnershipTranches).where(eq(partnershipTranches.id, tranche.id));
        }
      }
      const added = [...plan.values()].map((tranche) => ({
        partnershipId, milestoneId: ids[tranche.milestoneIndex], source: tranche.source, plannedAmountKzt: tranche.amountKzt, plannedDate: terms.milestones[tranche.milestoneIndex].dueDate,
      }));
      if (added.length) await tx.insert(partnershipTranches).values(added);
      const removed = existing.filter((milestone) => milestone.position >= terms.milestones.length).map((milestone) => milestone.id);
      // Their tranches have no entries (checked before), so the cascade removes only plans.
      if (removed.length) await tx.delete(partnershipMilestones).where(inArray(partnershipMilestones.id, removed));
      await tx
        .update(partnerships)
        .set({ terms, termsVersion: version, totalBudgetKzt: terms.totalBudgetKzt, isPublic: publicDisclosureOf(terms), startDate: terms.startDate, endDate: terms.milestones[terms.milestones.length - 1].dueDate, updatedAt: at })
        .where(eq(partnerships.id, partnershipId));
      await tx.insert(partnershipTermsVersions).values({ partnershipId, version, terms, changeRequestId });
    },
  };
}
export type ChangesRepo = ReturnType<typeof createChangesRepo>;
