import { and, count, desc, eq, exists, gt, inArray, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db, DbOrTx } from '../../db/database.ts';
import type { Terms } from '../../../shared/schemas/terms.ts';
import type { PartnershipListQuery, PartnershipStatus } from '../../../shared/schemas/partnerships.ts';
import { PAGE_SIZE_DEFAULT } from '../../../shared/constants.ts';
import { organisations, memberships } from '../organisations/organisations.table.ts';
import { auditLog } from '../audit/audit.table.ts';
import { users } from '../users/users.table.ts';
import { disbursements, partnershipMilestones, partnerships, partnershipTermsVersions, partnershipTranches, type PartnershipRow } from './partnerships.table.ts';
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
      await tx.insert(partnershipTermsVersions).values({ partnershipId: row.id, version: input.termsVersion, terms });
      return row;
    },

    /** A page of partnerships with party names and money disbursed; `scope` limits it to one organisation's. */
    async list(scope: { organisationId: string | null }, query: PartnershipListQuery, tx: DbOrTx = db) {
      const page = query.page ?? 1;
      const pageSize = query.pageSize ?? PAGE_SIZE_DEFAULT;
      const conditions: SQL[] = [];
      if (scope.organisationId) conditions.push(or(eq(partnerships.enterpriseOrganisationId, scope.organisationId), eq(partnerships.instituteOrganisationId, scope.organisationId))!);
      if (query.status) conditions.push(eq(partnerships.status, query.status));
      if (query.priorityArea) conditions.push(eq(partnerships.priorityArea, query.priorityArea));
      if (query.region) conditions.push(eq(partnerships.region, query.region));
      if (query.enterpriseId) conditions.push(eq(partnerships.enterpriseOrganisationId, query.enterpriseId));
      if (query.instituteId) conditions.push(eq(partnerships.instituteOrganisationId, query.instituteId));
      if (query.year) conditions.push(sql`extract(year from ${partnerships.agreedAt} at time zone 'UTC') = ${query.year}`);
      if (query.source) {
        conditions.push(exists(tx.select({ one: sql`1` }).from(partnershipTranches).where(and(eq(partnershipTranches.partnershipId, partnerships.id), eq(partnershipTranches.source, query.source), gt(partnershipTranches.plannedAmountKzt, 0)))));
      }
      const where = conditions.length ? and(...conditions) : undefined;
      const enterprise = alias(organisations, 'enterprise');
      const institute = alias(organisations, 'institute');
      const disbursed = sql<number>`(select coalesce(sum(${disbursements.amountKzt}), 0) from ${disbursements} where ${disbursements.partnershipId} = ${partnerships.id})`.mapWith(Number);
      const [items, [{ total }]] = await Promise.all([
        tx
          .select({ partnership: partnerships, enterpriseName: enterprise.name, instituteName: institute.name, disbursedKzt: disbursed })
          .from(partnerships)
          .leftJoin(enterprise, eq(enterprise.id, partnerships.enterpriseOrganisationId))
          .innerJoin(institute, eq(institute.id, partnerships.instituteOrganisationId))
          .where(where)
          .orderBy(desc(partnerships.agreedAt), desc(partnerships.id))
          .limit(pageSize)
          .offset((page - 1) * pageSize),
        tx.select({ total: count() }).from(partnerships).where(where),
      ]);
      return { items, total, page, pageSize };
    },

    /** One partnership with its parties' names; `forUpdate` locks the row for a status change. */
    async findWithParties(id: string, tx: DbOrTx = db, forUpdate = false) {
      const enterprise = alias(organisations, 'enterprise');
      const institute = alias(organisations, 'institute');
      const query = tx
        .select({ partnership: partnerships, enterpriseName: enterprise.name, instituteName: institute.name })
        .from(partnerships)
        .leftJoin(enterprise, eq(enterprise.id, partnerships.enterpriseOrganisationId))
        .innerJoin(institute, eq(institute.id, partnerships.instituteOrganisationId))
        .where(eq(partnerships.id, id))
        .limit(1);
      const [row] = forUpdate ? await query.for('update', { of: partnerships }) : await query;
      return row ?? null;
    },

    /** Compare-and-set on the status, so two simultaneous changes cannot both apply. */
    async setStatus(id: string, from: PartnershipStatus, values: { status: PartnershipStatus; statusNote: string | null; atRiskSource: 'auto' | 'manual' | null; at: Date }, tx: DbOrTx = db) {
      const [row] = await tx
        .update(partnerships)
        .set({ status: values.status, statusNote: values.statusNote, atRiskSource: values.atRiskSource, statusChangedAt: values.at, updatedAt: values.at })
        .where(and(eq(partnerships.id, id), eq(partnerships.status, from)))
        .returning();
      return row ?? null;
    },

    async listMemberIds(organisationIds: string[], tx: DbOrTx = db): Promise<string[]> {
      if (!organisationIds.length) return [];
      const rows = await tx.select({ userId: memberships.userId }).from(memberships).where(inArray(memberships.organisationId, organisationIds));
      return rows.map((row) => row.userId);
    },

    /** The audit trail filed under the partnership, newest first, with the acting person's name. */
    async historyOf(partnershipId: string, tx: DbOrTx = db) {
      return tx
        .select({ entry: auditLog, actorName: users.fullName })
        .from(auditLog)
        .leftJoin(users, eq(users.id, auditLog.actorUserId))
        .where(and(eq(auditLog.entityType, 'partnership'), eq(auditLog.entityId, partnershipId)))
        .orderBy(desc(auditLog.id));
    },

    /**
     * The overdue job's two lists: active partnerships with a milestone not accepted and due before
     * `cutoff`, and partnerships the job itself put at risk that no longer have one.
     */
    async listAtRiskChanges(cutoff: string, limit: number, tx: DbOrTx = db) {
      const overdue = exists(
        tx.select({ one: sql`1` }).from(partnershipMilestones).where(and(eq(partnershipMilestones.partnershipId, partnerships.id), sql`${partnershipMilestones.status} <> 'accepted'`, sql`${partnershipMilestones.dueDate} < ${cutoff}`)),
      );
      const [toMark, toClear] = await Promise.all([
        tx.select({ id: partnerships.id }).from(partnerships).where(and(eq(partnerships.status, 'active'), overdue)).limit(limit),
        tx.select({ id: partnerships.id }).from(partnerships).where(and(eq(partnerships.status, 'at_risk'), eq(partnerships.atRiskSource, 'auto'), sql`not ${overdue}`)).limit(limit),
      ]);
      return { toMark: toMark.map((row) => row.id), toClear: toClear.map((row) => row.id) };
    },

    async versionsOf(partnershipId: string, tx: DbOrTx = db) {
      return tx.select().from(partnershipTermsVersions).where(eq(partnershipTermsVersions.partnershipId, partnershipId)).orderBy(partnershipTermsVersions.version);
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
