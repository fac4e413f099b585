import type { DbOrTx } from '../../db/database.ts';
import type { CofinancingSource } from '../../../shared/schemas/proposals.ts';
import { COFINANCING_SOURCES } from '../../../shared/schemas/proposals.ts';
import { diffTerms, type Terms } from '../../../shared/schemas/terms.ts';
import {
  CONFIDENTIAL_CLAUSES, type PartnershipDetail, type PartnershipSummary, type PartnershipViewerRole, type TermsView,
} from '../../../shared/schemas/partnerships.ts';
import type { PriorityArea, Region } from '../../../shared/constants.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import { createLedgerRepo } from './partnerships.ledger.repo.ts';
import { createReportsRepo } from './partnerships.reports.repo.ts';
import { createChangesRepo } from './partnerships.changes.repo.ts';
import { daysPastDue, isOpen, type Loaded, type PartnershipsContext } from './partnerships.context.ts';
import type { PartnershipRow } from './partnerships.table.ts';

/** Who may record money from which source: each party its own, the program office the public money. */
export const RECORDERS: Record<PartnershipViewerRole, CofinancingSource[]> = {
  enterprise: ['enterprise'],
  institute: ['institute_inkind'],
  program_office: ['state_program', 'subsoil_fund'],
  admin: [],
};

/** The parties and the program office see the confidential clauses; nobody else does. */
const seesClauses = (role: PartnershipViewerRole) => role !== 'admin';

export function termsViewOf(terms: Terms, role: PartnershipViewerRole): TermsView {
  return {
    totalBudgetKzt: terms.totalBudgetKzt,
    cofinancing: terms.cofinancing.map((line) => ({ source: line.source, amountKzt: line.amountKzt })),
    milestones: terms.milestones.map((milestone) => ({ title: milestone.title, deliverable: milestone.deliverable, dueDate: milestone.dueDate, amountKzt: milestone.amountKzt })),
    startDate: terms.startDate,
    clauses: seesClauses(role) ? { ipModel: terms.ipModel, publicationDelayDays: terms.publicationDelayDays, confidentialityYears: terms.confidentialityYears } : null,
  };
}

export function summaryOf(row: { partnership: PartnershipRow; enterpriseName: string | null; instituteName: string; disbursedKzt: number }): PartnershipSummary {
  const { partnership } = row;
  return {
    id: partnership.id,
    title: partnership.title,
    status: partnership.status,
    priorityArea: partnership.priorityArea as PriorityArea | null,
    region: partnership.region as Region | null,
    enterprise: partnership.enterpriseOrganisationId ? { id: partnership.enterpriseOrganisationId, name: row.enterpriseName ?? '' } : null,
    institute: { id: partnership.instituteOrganisationId, name: row.instituteName },
    totalBudgetKzt: partnership.totalBudgetKzt,
    disbursedKzt: row.disbursedKzt,
    startDate: partnership.startDate,
    endDate: partnership.endDate,
    agreedAt: partnership.agreedAt.toISOString(),
    statusChangedAt: partnership.statusChangedAt.toISOString(),
    termsVersion: partnership.termsVersion,
    isPublic: partnership.isPublic,
  };
}

/** `manages`: a program office answering for this partnership (a party's or an admin's is ignored). */
function abilitiesOf(auth: AuthContext, role: PartnershipViewerRole, open: boolean, manages: boolean): PartnershipDetail['can'] {
  const party = role === 'enterprise' || role === 'institute';
  const office = role === 'program_office' && manages;
  return {
    submitReports: open && role === 'institute',
    reviewReports: open && role === 'enterprise',
    recordSources: open && (role !== 'program_office' || manages) ? RECORDERS[role] : [],
    proposeChange: open && party,
    decideChange: open && party,
    terminate: open && ((party && auth.organisation?.role === 'owner') || office),
    setAtRisk: open && office,
    complete: open && office,
  };
}

/** The whole story of a partnership as the caller may see it. */
export async function buildDetail(ctx: PartnershipsContext, auth: AuthContext, found: Loaded, role: PartnershipViewerRole, tx: DbOrTx = ctx.db): Promise<PartnershipDetail> {
  const { partnership } = found;
  const ledger = createLedgerRepo({ db: ctx.db });
  const reportsRepo = createReportsRepo({ db: ctx.db });
  const [milestones, tranches, entries, reports, changeRequests, versions, history] = await Promise.all([
    ctx.repo.milestonesOf(partnership.id, tx),
    ctx.repo.tranchesOf(partnership.id, tx),
    ledger.listWithRecorder(partnership.id, tx),
    reportsRepo.listOf(partnership.id, tx),
    createChangesRepo({ db: ctx.db }).listOf(partnership.id, tx),
    ctx.repo.versionsOf(partnership.id, tx),
    ctx.repo.historyOf(partnership.id, tx),
  ]);
  const attachments = await reportsRepo.attachmentsOf(reports.map((report) => report.id), tx);
  const disbursedByTranche = new Map<string, number>();
  for (const { disbursement } of entries) disbursedByTranche.set(disbursement.trancheId, (disbursedByTranche.get(disbursement.trancheId) ?? 0) + disbursement.amountKzt);
  const reversedBy = new Map(entries.filter(({ disbursement }) => disbursement.reversesDisbursementId).map(({ disbursement }) => [disbursement.reversesDisbursementId!, disbursement.id]));
  const at = ctx.now();
  const hideClause = (field: string) => !seesClauses(role) && CONFIDENTIAL_CLAUSES.some((clause) => field === `/${clause}`);
  const termsOfVersion = new Map(versions.map((version) => [version.version, version.terms]));
  const totalsBySource = COFINANCING_SOURCES.map((source) => ({
    source,
    plannedKzt: tranches.filter((tranche) => tranche.source === source).reduce((total, tranche) => total + tranche.plannedAmountKzt, 0),
    disbursedKzt: entries.filter(({ disbursement }) => disbursement.source === source).reduce((total, { disbursement }) => total + disbursement.amountKzt, 0),
  })).filter((line) => line.plannedKzt > 0 || line.disbursedKzt !== 0);

  return {
    ...summaryOf({ ...found, disbursedKzt: entries.reduce((total, { disbursement }) => total + disbursement.amountKzt, 0) }),
    statusNote: partnership.statusNote,
    atRiskSource: partnership.atRiskSource,
    viewerRole: role,
    can: abilitiesOf(auth, role, isOpen(partnership.status), role === 'program_office' && (await ctx.officeManages(found, auth.organisation?.id, tx))),
    terms: termsViewOf(partnership.terms, role),
    milestones: milestones.map((milestone) => ({
      id: milestone.id,
      position: milestone.position,
      title: milestone.title,
      deliverable: milestone.deliverable,
      dueDate: milestone.dueDate,
      amountKzt: milestone.amountKzt,
      status: milestone.status,
      acceptedAt: milestone.acceptedAt?.toISOString() ?? null,
      overdueDays: milestone.status === 'accepted' ? 0 : Math.max(0, daysPastDue(milestone.dueDate, at)),
      tranches: tranches
        .filter((tranche) => tranche.milestoneId === milestone.id)
        .sort((a, b) => COFINANCING_SOURCES.indexOf(a.source) - COFINANCING_SOURCES.indexOf(b.source))
        .map((tranche) => ({ id: tranche.id, source: tranche.source, plannedAmountKzt: tranche.plannedAmountKzt, plannedDate: tranche.plannedDate, disbursedKzt: disbursedByTranche.get(tranche.id) ?? 0 })),
      reports: reports
        .filter((report) => report.milestoneId === milestone.id)
        .map((report) => ({
          id: report.id, milestoneId: report.milestoneId, round: report.round, text: report.text, status: report.status, reviewComment: report.reviewComment,
          submittedAt: report.submittedAt.toISOString(), reviewedAt: report.reviewedAt?.toISOString() ?? null,
          attachments: attachments.filter((attachment) => attachment.reportId === report.id).map((attachment) => ({ id: attachment.id, fileName: attachment.fileName, sizeBytes: attachment.sizeBytes, contentType: 'application/pdf' as const, createdAt: attachment.createdAt.toISOString() })),
        })),
    })),
    totalsBySource,
    disbursements: entries.map(({ disbursement, recordedBy, milestoneId }) => ({
      id: disbursement.id, trancheId: disbursement.trancheId, milestoneId, source: disbursement.source, amountKzt: disbursement.amountKzt,
      disbursedOn: disbursement.disbursedOn, note: disbursement.note, reversesDisbursementId: disbursement.reversesDisbursementId,
      reversedById: reversedBy.get(disbursement.id) ?? null, recordedBy: recordedBy ?? null, createdAt: disbursement.createdAt.toISOString(),
    })),
    changeRequests: changeRequests.map((request) => ({
      id: request.id, baseVersion: request.baseVersion, status: request.status, reason: request.reason, proposedBySide: request.proposedBySide,
      terms: termsViewOf(request.terms, role),
      changes: diffTerms(termsOfVersion.get(request.baseVersion) ?? null, request.terms).filter((change) => !hideClause(change.field)),
      decisionNote: request.decisionNote, createdAt: request.createdAt.toISOString(), decidedAt: request.decidedAt?.toISOString() ?? null,
    })),
    versions: versions.map((version) => ({ version: version.version, createdAt: version.createdAt.toISOString(), changeRequestId: version.changeRequestId })),
    history: history.map(({ entry, actorName }) => ({
      at: entry.at.toISOString(),
      action: entry.action,
      actor: actorName ?? entry.actorLabel,
      // Change requests carry whole terms; the trail shows the diff on the request instead.
      changes: seesClauses(role) ? (entry.changes as Record<string, unknown> | null) : null,
    })),
  };
}
