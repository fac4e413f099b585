import { randomUUID } from 'node:crypto';
import { PROPOSAL_ATTACHMENTS_MAX, type ProposalAttachment } from '../../../shared/schemas/proposals.ts';
import type { AcceptReportBody, PartnershipDetail, PartnershipReport, ReturnReportBody, SubmitReportBody } from '../../../shared/schemas/partnerships.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import { storePdf, type IncomingFile } from '../../storage/pdf-files.ts';
import { attachmentMissing, attachmentNotFound, attachmentNotPdf, attachmentsLimit, attachmentTooLarge } from '../proposals/proposals.errors.ts';
import { forbidden } from '../../errors.ts';
import { createReportsRepo } from './partnerships.reports.repo.ts';
import { isOpen, type PartnershipsContext } from './partnerships.context.ts';
import { completeIfDone } from './partnerships.money.ts';
import { buildDetail } from './partnerships.view.ts';
import { milestoneNotFound, partnershipClosed, reportNotExpected, reportNotFound, reportNotPending } from './partnerships.errors.ts';
import type { PartnershipReportRow } from './partnerships.table.ts';

const toReport = (row: PartnershipReportRow, attachments: ProposalAttachment[] = []): PartnershipReport => ({
  id: row.id, milestoneId: row.milestoneId, round: row.round, text: row.text, status: row.status, reviewComment: row.reviewComment,
  submittedAt: row.submittedAt.toISOString(), reviewedAt: row.reviewedAt?.toISOString() ?? null, attachments,
});

/**
 * Milestone reports: the institute submits (text, then PDFs while under review), the enterprise
 * accepts or returns with a comment; a returned milestone takes a new report (the next round), and
 * every round stays on record.
 */
export function createReportsService(ctx: PartnershipsContext) {
  const reports = createReportsRepo({ db: ctx.db });
  const { storage, maxUploadMb } = ctx.deps;

  async function review(auth: AuthContext, id: string, reportId: string, decision: 'accepted' | 'returned', comment: string | null): Promise<PartnershipDetail> {
    const notifications = await ctx.db.transaction(async (tx) => {
      const { found } = await ctx.loadForChange(auth, id, ['enterprise'], "Only the partnership's enterprise reviews milestone reports.", tx);
      const report = await reports.find(id, reportId, tx, true);
      if (!report) throw reportNotFound();
      if (report.status !== 'submitted') throw reportNotPending(report.status);
      const at = ctx.now();
      const row = await reports.review(report.id, { status: decision, comment, reviewedByUserId: auth.user?.id ?? null, at }, tx);
      if (!row) throw reportNotPending(report.status);
      await reports.setMilestoneStatus(report.milestoneId, decision, at, tx);
      const actor = ctx.actorOf(auth);
      await ctx.audit(actor, auth.organisation?.id ?? null, id, decision === 'accepted' ? 'partnership.report.accept' : 'partnership.report.return', {
        reportId: report.id, milestoneId: report.milestoneId, round: report.round, comment,
        before: { report: 'submitted', milestone: 'reported' }, after: { report: decision, milestone: decision },
      }, tx);
      const rows = await ctx.notifyParties(found, decision === 'accepted' ? 'report_accepted' : 'report_returned', comment, tx, found.partnership.enterpriseOrganisationId ?? undefined);
      // A milestone with nothing planned to pay completes on acceptance alone.
      return [...rows, ...(decision === 'accepted' ? await completeIfDone(ctx, found, actor, auth.organisation?.id ?? null, tx) : [])];
    });
    ctx.publish(notifications);
    const { found, role } = await ctx.load(auth, id);
    return buildDetail(ctx, auth, found, role);
  }

  return {
    async submit(auth: AuthContext, id: string, milestoneId: string, body: SubmitReportBody): Promise<PartnershipReport> {
      const { row, notifications } = await ctx.db.transaction(async (tx) => {
        const { found } = await ctx.loadForChange(auth, id, ['institute'], "Only the partnership's institute submits milestone reports.", tx);
        const milestone = await reports.lockMilestone(id, milestoneId, tx);
        if (!milestone) throw milestoneNotFound();
        if (milestone.status !== 'planned' && milestone.status !== 'returned') throw reportNotExpected(milestone.status);
        const at = ctx.now();
        const inserted = await reports.insert({ partnershipId: id, milestoneId, round: await reports.nextRound(milestoneId, tx), text: body.text.trim(), submittedByUserId: auth.user?.id ?? null, at }, tx);
        await reports.setMilestoneStatus(milestoneId, 'reported', at, tx);
        await ctx.audit(ctx.actorOf(auth), auth.organisation?.id ?? null, id, 'partnership.report.submit', {
          reportId: inserted.id, milestoneId, milestone: milestone.title, round: inserted.round, before: { milestone: milestone.status }, after: { milestone: 'reported' },
        }, tx);
        return { row: inserted, notifications: await ctx.notifyParties(found, 'report_submitted', milestone.title, tx, found.partnership.instituteOrganisationId) };
      });
      ctx.publish(notifications);
      return toReport(row);
    },

    accept: (auth: AuthContext, id: string, reportId: string, body: AcceptReportBody) => review(auth, id, reportId, 'accepted', body.comment?.trim() || null),
    returnReport: (auth: AuthContext, id: string, reportId: string, body: ReturnReportBody) => review(auth, id, reportId, 'returned', body.comment.trim()),

    /** A PDF (checked by content) for a report still under review, by the institute. */
    async attach(auth: AuthContext, id: string, reportId: string, file: IncomingFile | undefined): Promise<ProposalAttachment> {
      try {
        const { role, found } = await ctx.load(auth, id);
        if (role !== 'institute') throw forbidden("Only the partnership's institute attaches files to its reports.");
        if (!isOpen(found.partnership.status)) throw partnershipClosed(found.partnership.status);
        const report = await reports.find(id, reportId);
        if (!report) throw reportNotFound();
        if (report.status !== 'submitted') throw reportNotPending(report.status);
        if (!file) throw attachmentMissing();
        if ((await reports.countAttachments(reportId)) >= PROPOSAL_ATTACHMENTS_MAX) throw attachmentsLimit(PROPOSAL_ATTACHMENTS_MAX);
        const attachmentId = randomUUID();
        const storageKey = `partnerships/${id}/reports/${reportId}/${attachmentId}`;
        const { sizeBytes, fileName } = await storePdf(storage, storageKey, file, { notPdf: attachmentNotPdf, tooLarge: () => attachmentTooLarge(maxUploadMb) });
        try {
          const row = await ctx.db.transaction(async (tx) => {
            // Checked again under the partnership's lock: it may have closed, or the report been reviewed, meanwhile.
            await ctx.loadForChange(auth, id, ['institute'], "Only the partnership's institute attaches files to its reports.", tx);
            const current = await reports.find(id, reportId, tx, true);
            if (current?.status !== 'submitted') throw reportNotPending(current?.status ?? 'gone');
            if ((await reports.countAttachments(reportId, tx)) >= PROPOSAL_ATTACHMENTS_MAX) throw attachmentsLimit(PROPOSAL_ATTACHMENTS_MAX);
            const inserted = await reports.insertAttachment({ id: attachmentId, reportId, fileName, sizeBytes, storageKey, uploadedByUserId: auth.user?.id ?? null }, tx);
            await ctx.audit(ctx.actorOf(auth), found.partnership.instituteOrganisationId, id, 'partnership.report.attach', { reportId, attachmentId, fileName: inserted.fileName, sizeBytes }, tx);
            return inserted;
          });
          return { id: row.id, fileName: row.fileName, sizeBytes: row.sizeBytes, contentType: 'application/pdf', createdAt: row.createdAt.toISOString() };
        } catch (error) {
          await storage.delete(storageKey);
          throw error;
        }
      } finally {
        file?.stream.resume();
      }
    },

    /** The file, for everyone who may see the partnership. */
    async openAttachment(auth: AuthContext, id: string, reportId: string, attachmentId: string) {
      await ctx.load(auth, id);
      const report = await reports.find(id, reportId);
      const attachment = report ? await reports.findAttachment(reportId, attachmentId) : null;
      const stream = attachment ? await storage.get(attachment.storageKey) : null;
      if (!attachment || !stream) throw attachmentNotFound();
      return { fileName: attachment.fileName, sizeBytes: attachment.sizeBytes, stream };
    },
  };
}
