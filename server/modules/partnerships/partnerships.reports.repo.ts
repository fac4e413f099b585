import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/database.ts';
import { partnershipMilestones, partnershipReportAttachments, partnershipReports } from './partnerships.table.ts';

export function createReportsRepo({ db }: { db: Db }) {
  return {
    async lockMilestone(partnershipId: string, milestoneId: string, tx: DbOrTx) {
      const [row] = await tx
        .select()
        .from(partnershipMilestones)
        .where(and(eq(partnershipMilestones.id, milestoneId), eq(partnershipMilestones.partnershipId, partnershipId)))
        .for('update')
        .limit(1);
      return row ?? null;
    },

    async setMilestoneStatus(milestoneId: string, status: 'reported' | 'accepted' | 'returned', at: Date, tx: DbOrTx) {
      await tx
        .update(partnershipMilestones)
        .set({ status, acceptedAt: status === 'accepted' ? at : null, updatedAt: at })
        .where(eq(partnershipMilestones.id, milestoneId));
    },

    async nextRound(milestoneId: string, tx: DbOrTx): Promise<number> {
      const [row] = await tx.select({ last: sql<number | null>`max(${partnershipReports.round})` }).from(partnershipReports).where(eq(partnershipReports.milestoneId, milestoneId));
      return Number(row.last ?? 0) + 1;
    },

    async insert(values: { partnershipId: string; milestoneId: string; round: number; text: string; submittedByUserId: string | null; at: Date }, tx: DbOrTx) {
      const [row] = await tx
        .insert(partnershipReports)
        .values({ partnershipId: values.partnershipId, milestoneId: values.milestoneId, round: values.round, text: values.text, submittedByUserId: values.submittedByUserId, submittedAt: values.at })
        .returning();
      return row;
    },

    /** The report, row-locked when reviewing so two reviewers cannot both decide. */
    async find(partnershipId: string, reportId: string, tx: DbOrTx = db, forUpdate = false) {
      const query = tx.select().from(partnershipReports).where(and(eq(partnershipReports.id, reportId), eq(partnershipReports.partnershipId, partnershipId))).limit(1);
      const [row] = forUpdate ? await query.for('update') : await query;
      return row ?? null;
    },

    async review(reportId: string, values: { status: 'accepted' | 'returned'; comment: string | null; reviewedByUserId: string | null; at: Date }, tx: DbOrTx) {
      const [row] = await tx
        .update(partnershipReports)
        .set({ status: values.status, reviewComment: values.comment, reviewedByUserId: values.reviewedByUserId, reviewedAt: values.at })
        .where(and(eq(partnershipReports.id, reportId), eq(partnershipReports.status, 'submitted')))
        .returning();
      return row ?? null;
    },

    async listOf(partnershipId: string, tx: DbOrTx = db) {
      return tx.select().from(partnershipReports).where(eq(partnershipReports.partnershipId, partnershipId)).orderBy(desc(partnershipReports.round));
    },

    async attachmentsOf(reportIds: string[], tx: DbOrTx = db) {
      if (!reportIds.length) return [];
      return tx.select().from(partnershipReportAttachments).where(inArray(partnershipReportAttachments.reportId, reportIds)).orderBy(partnershipReportAttachments.createdAt);
    },

    async countAttachments(reportId: string, tx: DbOrTx = db): Promise<number> {
      const [row] = await tx.select({ total: sql<string>`count(*)` }).from(partnershipReportAttachments).where(eq(partnershipReportAttachments.reportId, reportId));
      return Number(row.total);
    },

    async insertAttachment(values: { id: string; reportId: string; fileName: string; sizeBytes: number; storageKey: string; uploadedByUserId: string | null }, tx: DbOrTx = db) {
      const [row] = await tx
        .insert(partnershipReportAttachments)
        .values({ id: values.id, reportId: values.reportId, fileName: values.fileName, sizeBytes: values.sizeBytes, storageKey: values.storageKey, uploadedByUserId: values.uploadedByUserId })
        .returning();
      return row;
    },

    async findAttachment(reportId: string, attachmentId: string, tx: DbOrTx = db) {
      const [row] = await tx
        .select()
        .from(partnershipReportAttachments)
        .where(and(eq(partnershipReportAttachments.id, attachmentId), eq(partnershipReportAttachments.reportId, reportId)))
        .limit(1);
      return row ?? null;
    },
  };
}
export type ReportsRepo = ReturnType<typeof createReportsRepo>;
