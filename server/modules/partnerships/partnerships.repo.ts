import { eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/database.ts';
import type { Terms } from '../../../shared/schemas/terms.ts';
import { disbursements, partnershipMilestones, partnerships, partnershipTranches, type PartnershipRow } from './partnerships.table.ts';
import { planTranches } from './partnerships.tranches.ts';

export interface NewPartnership {
  proposalId: string;
  negotiationId: string | null;
  callId: string | null;
  taskId: string | null;
  enterpriseOrganisationId: string | null;
  instituteOrganisationId: string;
  title: string;
  priorityArea: string | null;
  region: string | null;
  terms: Terms;
  termsVersion: number;
  isPublic: boolean;
  agreedAt: Date;
}

export function createPartnershipsRepo({ db }: { db: Db }) {
  return {
    /**
     * The partnership, its milestones and their tranches by source. Call inside the agreement's
     * transaction; a second partnership for the same proposal fails on the unique index.
     */
    async insertWithPlan(input: NewPartnership, tx: DbOrTx = db): Promise<PartnershipRow> {
      const { terms } = input;
      const [row] = await tx
        .insert(partnerships)
        .values({
          proposalId: input.proposalId,
          negotiationId: input.negotiationId,
          callId: input.callId,
          taskId: input.taskId,
          enterpriseOrganisationId: input.enterpriseOrganisationId,
          instituteOrganisationId: input.instituteOrganisationId,
          title: input.title,
          priorityArea: input.priorityArea,
          region: input.region,
          terms,
          termsVersion: input.termsVersion,
          totalBudgetKzt: terms.totalBudgetKzt,
          startDate: terms.startDate,
          endDate: terms.milestones[terms.milestones.length - 1].dueDate,
          isPublic: input.isPublic,
          agreedAt: input.agreedAt,
          statusChangedAt: input.agreedAt,
        })
        .returning();
      const milestoneRows = await tx
        .insert(partnershipMilestones)
        .values(terms.milestones.map((milestone, position) => ({
          partnershipId: row.id,
          position,
          title: milestone.title,
          deliverable: milestone.deliverable,
          dueDate: milestone.dueDate,
          amountKzt: milestone.amountKzt,
        })))
        .returning({ id: partnershipMilestones.id, position: partnershipMilestones.position, dueDate: partnershipMilestones.dueDate });
      const byPosition = new Map(milestoneRows.map((milestone) => [milestone.position, milestone]));
      const tranches = planTranches(terms).map((tranche) => ({
        partnershipId: row.id,
        milestoneId: byPosition.get(tranche.milestoneIndex)!.id,
        source: tranche.source,
        plannedAmountKzt: tranche.amountKzt,
        plannedDate: byPosition.get(tranche.milestoneIndex)!.dueDate,
      }));
      if (tranches.length) await tx.insert(partnershipTranches).values(tranches);
      return row;
    },

    async findById(id: string, tx: DbOrTx = db) {
      const [row] = await tx.select().from(partnerships).where(eq(partnerships.id, id)).limit(1);
      return row ?? null;
    },

    async findByProposal(proposalId: string, tx: DbOrTx = db) {
      const [row] = await tx.select().from(partnerships).where(eq(partnerships.proposalId, proposalId)).limit(1);
      return row ?? null;
    },

    async milestonesOf(partnershipId: string, tx: DbOrTx = db) {
      return tx.select().from(partnershipMilestones).where(eq(partnershipMilestones.partnershipId, partnershipId)).orderBy(partnershipMilestones.position);
    },

    async tranchesOf(partnershipId: string, tx: DbOrTx = db) {
      return tx.select().from(partnershipTranches).where(eq(partnershipTranches.partnershipId, partnershipId));
    },

    async disbursementsOf(partnershipId: string, tx: DbOrTx = db) {
      return tx.select().from(disbursements).where(eq(disbursements.partnershipId, partnershipId)).orderBy(disbursements.disbursedOn);
    },
  };
}
export type PartnershipsRepo = ReturnType<typeof createPartnershipsRepo>;
