import { sql } from 'drizzle-orm';
import { pgTable, type AnyPgColumn, text, uuid, jsonb, integer, bigint, boolean, date, timestamp, index, uniqueIndex, check, primaryKey, unique } from 'drizzle-orm/pg-core';
import { primaryId, createdAt, updatedAt } from '../../db/columns.ts';
import { organisations } from '../organisations/organisations.table.ts';
import { users } from '../users/users.table.ts';
import { tasks } from '../tasks/tasks.table.ts';
import { proposals } from '../proposals/proposals.table.ts';
import type { Terms } from '../../../shared/schemas/terms.ts';
import { COFINANCING_SOURCES } from '../../../shared/schemas/proposals.ts';

export const PARTNERSHIP_STATUSES = ['active', 'at_risk', 'completed', 'terminated'] as const;
export const PARTNERSHIP_MILESTONE_STATUSES = ['planned', 'reported', 'accepted', 'returned'] as const;
export const AT_RISK_SOURCES = ['auto', 'manual'] as const;
export const REPORT_STATUSES = ['submitted', 'accepted', 'returned'] as const;
export const CHANGE_REQUEST_STATUSES = ['pending', 'accepted', 'rejected', 'withdrawn'] as const;
export const PARTY_SIDES = ['enterprise', 'institute'] as const;

/**
 * A co-financed partnership, created when both sides accept the same terms. Money in whole tenge.
 * Title, priority area and region are copied from the task at agreement, so the ledger's breakdowns
 * do not move when the task is edited later.
 */
export const partnerships = pgTable(
  'partnerships',
  {
    id: primaryId(),
    /** One partnership per proposal: the unique index is what makes two simultaneous agreements one. */
    proposalId: uuid('proposal_id').notNull().references(() => proposals.id, { onDelete: 'restrict' }),
    negotiationId: uuid('negotiation_id'),
    callId: uuid('call_id'),
    taskId: uuid('task_id').references(() => tasks.id, { onDelete: 'set null' }),
    /** Null only for a call's open theme funded without an industrial party. */
    enterpriseOrganisationId: uuid('enterprise_organisation_id').references(() => organisations.id, { onDelete: 'restrict' }),
    instituteOrganisationId: uuid('institute_organisation_id').notNull().references(() => organisations.id, { onDelete: 'restrict' }),
    title: text('title').notNull(),
    priorityArea: text('priority_area'),
    region: text('region'),
    status: text('status', { enum: PARTNERSHIP_STATUSES }).notNull().default('active'),
    /** Why it was terminated, or the program manager's note when marking it at risk. */
    statusNote: text('status_note'),
    /** The terms as agreed (frozen); accepted change requests write a new version here. */
    terms: jsonb('terms').$type<Terms>().notNull(),
    termsVersion: integer('terms_version').notNull(),
    totalBudgetKzt: bigint('total_budget_kzt', { mode: 'number' }).notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    /** Shown on the public transparency page and in open data; both parties agree to it with the terms. */
    isPublic: boolean('is_public').notNull(),
    agreedAt: timestamp('agreed_at', { withTimezone: true, mode: 'date' }).notNull(),
    statusChangedAt: timestamp('status_changed_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** Who set `at_risk`: the overdue job ('auto', which also clears it) or a program manager ('manual', only they clear it). */
    atRiskSource: text('at_risk_source', { enum: AT_RISK_SOURCES }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    uniqueIndex('partnerships_proposal_unique').on(table.proposalId),
    index('partnerships_status_idx').on(table.status),
    index('partnerships_enterprise_idx').on(table.enterpriseOrganisationId),
    index('partnerships_institute_idx').on(table.instituteOrganisationId),
    index('partnerships_agreed_at_idx').on(table.agreedAt),
    check('partnerships_total_non_negative', sql`${table.totalBudgetKzt} >= 0`),
  ],
);
export type PartnershipRow = typeof partnerships.$inferSelect;

/** The milestones of the current terms; each is a payment tranche split by source below. */
export const partnershipMilestones = pgTable(
  'partnership_milestones',
  {
    id: primaryId(),
    partnershipId: uuid('partnership_id').notNull().references(() => partnerships.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    deliverable: text('deliverable').notNull(),
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    amountKzt: bigint('amount_kzt', { mode: 'number' }).notNull(),
    status: text('status', { enum: PARTNERSHIP_MILESTONE_STATUSES }).notNull().default('planned'),
    acceptedAt: timestamp('accepted_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    uniqueIndex('partnership_milestones_position_unique').on(table.partnershipId, table.position),
    index('partnership_milestones_due_idx').on(table.dueDate),
    check('partnership_milestones_amount_non_negative', sql`${table.amountKzt} >= 0`),
  ],
);
export type PartnershipMilestoneRow = typeof partnershipMilestones.$inferSelect;

/** What each source is planned to pay for a milestone; rows and columns add up exactly to the terms. */
export const partnershipTranches = pgTable(
  'partnership_tranches',
  {
    id: primaryId(),
    partnershipId: uuid('partnership_id').notNull().references(() => partnerships.id, { onDelete: 'cascade' }),
    milestoneId: uuid('milestone_id').notNull().references(() => partnershipMilestones.id, { onDelete: 'cascade' }),
    source: text('source', { enum: COFINANCING_SOURCES }).notNull(),
    plannedAmountKzt: bigint('planned_amount_kzt', { mode: 'number' }).notNull(),
    plannedDate: date('planned_date', { mode: 'string' }).notNull(),
  },
  (table) => [
    uniqueIndex('partnership_tranches_milestone_source_unique').on(table.milestoneId, table.source),
    index('partnership_tranches_partnership_idx').on(table.partnershipId),
    index('partnership_tranches_planned_date_idx').on(table.plannedDate),
    check('partnership_tranches_amount_non_negative', sql`${table.plannedAmountKzt} >= 0`),
  ],
);
export type PartnershipTrancheRow = typeof partnershipTranches.$inferSelect;

/** Money actually paid: by source, date and amount, against a tranche. The ledger sums these rows. */
export const disbursements = pgTable(
  'disbursements',
  {
    id: primaryId(),
    partnershipId: uuid('partnership_id').notNull().references(() => partnerships.id, { onDelete: 'cascade' }),
    trancheId: uuid('tranche_id').notNull().references(() => partnershipTranches.id, { onDelete: 'restrict' }),
    source: text('source', { enum: COFINANCING_SOURCES }).notNull(),
    amountKzt: bigint('amount_kzt', { mode: 'number' }).notNull(),
    disbursedOn: date('disbursed_on', { mode: 'string' }).notNull(),
    note: text('note'),
    recordedByUserId: uuid('recorded_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    /**
     * Set on a correction: the ledger is append-only, so a wrong entry is cancelled by a negative entry
     * of the same amount pointing at it (at most one), and sums over `amount_kzt` stay right as they are.
     */
    reversesDisbursementId: uuid('reverses_disbursement_id').references((): AnyPgColumn => disbursements.id, { onDelete: 'restrict' }),
    createdAt: createdAt(),
  },
  (table) => [
    index('disbursements_partnership_idx').on(table.partnershipId),
    index('disbursements_tranche_idx').on(table.trancheId),
    index('disbursements_date_source_idx').on(table.disbursedOn, table.source),
    uniqueIndex('disbursements_reverses_unique').on(table.reversesDisbursementId),
    // Payments are positive; only a reversal is negative.
    check('disbursements_amount_sign', sql`${table.amountKzt} <> 0 and (${table.amountKzt} > 0) = (${table.reversesDisbursementId} is null)`),
  ],
);
export type DisbursementRow = typeof disbursements.$inferSelect;

/*
 * Two running sums of the money tables, kept exact by triggers (migration 0006) in the same
 * transaction as every insert, update or delete of a tranche, a disbursement (reversals included) or
 * a partnership's region, area or publicity: the workspace and public stats read a few thousand rows
 * instead of re-adding 100,000 payments per request. Never written by the application.
 */

/** Planned and disbursed money per partnership and source. */
export const partnershipMoney = pgTable(
  'partnership_money',
  {
    partnershipId: uuid('partnership_id').notNull().references(() => partnerships.id, { onDelete: 'cascade' }),
    source: text('source', { enum: COFINANCING_SOURCES }).notNull(),
    plannedKzt: bigint('planned_kzt', { mode: 'number' }).notNull().default(0),
    disbursedKzt: bigint('disbursed_kzt', { mode: 'number' }).notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.partnershipId, table.source] })],
);

/**
 * Planned money (by the tranche's date) and disbursed money (by the payment's date) per calendar month,
 * source and the partnership's region, priority area and publicity: the ledger's and the public
 * stats' grain. A period that cuts a month adds that month's own rows (see ledger.repo.ts).
 */
export const moneyByMonth = pgTable(
  'money_by_month',
  {
    region: text('region'),
    priorityArea: text('priority_area'),
    isPublic: boolean('is_public').notNull(),
    source: text('source', { enum: COFINANCING_SOURCES }).notNull(),
    month: date('month', { mode: 'string' }).notNull(),
    plannedKzt: bigint('planned_kzt', { mode: 'number' }).notNull().default(0),
    disbursedKzt: bigint('disbursed_kzt', { mode: 'number' }).notNull().default(0),
    /** How many tranches and payments are summed here: a row at 0 entries is a cell the raw rows no longer have. */
    entries: integer('entries').notNull().default(0),
  },
  (table) => [unique('money_by_month_cell_unique').on(table.region, table.priorityArea, table.isPublic, table.source, table.month).nullsNotDistinct()],
);

/** Every version of the terms: 1 as agreed, then one per accepted change request. */
export const partnershipTermsVersions = pgTable(
  'partnership_terms_versions',
  {
    id: primaryId(),
    partnershipId: uuid('partnership_id').notNull().references(() => partnerships.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    terms: jsonb('terms').$type<Terms>().notNull(),
    changeRequestId: uuid('change_request_id'),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex('partnership_terms_versions_unique').on(table.partnershipId, table.version)],
);

/** A milestone report: one row per submission; a returned report stays, the resubmission is the next round. */
export const partnershipReports = pgTable(
  'partnership_reports',
  {
    id: primaryId(),
    partnershipId: uuid('partnership_id').notNull().references(() => partnerships.id, { onDelete: 'cascade' }),
    milestoneId: uuid('milestone_id').notNull().references(() => partnershipMilestones.id, { onDelete: 'cascade' }),
    round: integer('round').notNull(),
    text: text('text').notNull(),
    status: text('status', { enum: REPORT_STATUSES }).notNull().default('submitted'),
    reviewComment: text('review_comment'),
    submittedByUserId: uuid('submitted_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    reviewedByUserId: uuid('reviewed_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    submittedAt: timestamp('submitted_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true, mode: 'date' }),
  },
  (table) => [
    uniqueIndex('partnership_reports_round_unique').on(table.milestoneId, table.round),
    index('partnership_reports_partnership_idx').on(table.partnershipId),
  ],
);
export type PartnershipReportRow = typeof partnershipReports.$inferSelect;

/** PDFs of a report; bytes in the file storage under `storageKey`, like proposal attachments. */
export const partnershipReportAttachments = pgTable(
  'partnership_report_attachments',
  {
    id: primaryId(),
    reportId: uuid('report_id').notNull().references(() => partnershipReports.id, { onDelete: 'cascade' }),
    fileName: text('file_name').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    storageKey: text('storage_key').notNull(),
    uploadedByUserId: uuid('uploaded_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (table) => [index('partnership_report_attachments_report_idx').on(table.reportId)],
);

/** New terms one party proposes after agreement; the other accepts (a new version) or rejects. */
export const partnershipChangeRequests = pgTable(
  'partnership_change_requests',
  {
    id: primaryId(),
    partnershipId: uuid('partnership_id').notNull().references(() => partnerships.id, { onDelete: 'cascade' }),
    /** The terms version this proposes to replace; accepting a request made on an older version is refused. */
    baseVersion: integer('base_version').notNull(),
    terms: jsonb('terms').$type<Terms>().notNull(),
    reason: text('reason').notNull(),
    proposedBySide: text('proposed_by_side', { enum: PARTY_SIDES }).notNull(),
    proposedByUserId: uuid('proposed_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    status: text('status', { enum: CHANGE_REQUEST_STATUSES }).notNull().default('pending'),
    decisionNote: text('decision_note'),
    decidedByUserId: uuid('decided_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
  },
  (table) => [
    index('partnership_change_requests_partnership_idx').on(table.partnershipId),
    // One open request at a time: two crossing requests would each be judged against terms about to change.
    uniqueIndex('partnership_change_requests_one_pending').on(table.partnershipId).where(sql`${table.status} = 'pending'`),
  ],
);
export type PartnershipChangeRequestRow = typeof partnershipChangeRequests.$inferSelect;
