import { sql } from 'drizzle-orm';
import { pgTable, text, uuid, jsonb, integer, bigint, timestamp, index, check } from 'drizzle-orm/pg-core';
import { primaryId, createdAt, updatedAt } from '../../db/columns.ts';
import { organisations } from '../organisations/organisations.table.ts';
import { users } from '../users/users.table.ts';
import { tasks } from '../tasks/tasks.table.ts';
import { calls } from '../calls/calls.table.ts';
import type { CofinancingLine, Milestone, TeamMember } from '../../../shared/schemas/proposals.ts';
import { DECLINE_REASON_CODES, PROPOSAL_STATUSES } from '../../../shared/schemas/proposals.ts';

/** An institute's answer to a task. Money in whole tenge; the sums are checked in the service. */
export const proposals = pgTable(
  'proposals',
  {
    id: primaryId(),
    taskId: uuid('task_id').notNull().references(() => tasks.id, { onDelete: 'cascade' }),
    /** The proposing institute. */
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    status: text('status', { enum: PROPOSAL_STATUSES }).notNull().default('draft'),
    title: text('title').notNull(),
    summary: text('summary').notNull().default(''),
    approach: text('approach').notNull().default(''),
    team: jsonb('team').$type<TeamMember[]>().notNull().default([]),
    milestones: jsonb('milestones').$type<Milestone[]>().notNull().default([]),
    totalBudgetKzt: bigint('total_budget_kzt', { mode: 'number' }),
    cofinancing: jsonb('cofinancing').$type<CofinancingLine[]>().notNull().default([]),
    trlStart: integer('trl_start'),
    trlEnd: integer('trl_end'),
    declineReasonCode: text('decline_reason_code', { enum: DECLINE_REASON_CODES }),
    declineNote: text('decline_note'),
    withdrawNote: text('withdraw_note'),
    createdByUserId: uuid('created_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    submittedAt: timestamp('submitted_at', { withTimezone: true, mode: 'date' }),
    /** When the current status began: the inbox shows each stage's age. */
    statusChangedAt: timestamp('status_changed_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** Set once the enterprise has been told the proposal waits too long, so it is told only once. */
    overdueNotifiedAt: timestamp('overdue_notified_at', { withTimezone: true, mode: 'date' }),
    /** Set when the proposal answers a competitive call: the call's deadline then freezes it and its council decides. */
    callId: uuid('call_id').references(() => calls.id, { onDelete: 'set null' }),
  },
  (table) => [
    index('proposals_task_status_idx').on(table.taskId, table.status),
    index('proposals_organisation_idx').on(table.organisationId, table.updatedAt),
    // The overdue sweep looks only at submitted proposals not yet reported.
    index('proposals_awaiting_decision_idx').on(table.submittedAt).where(sql`${table.status} = 'submitted' and ${table.overdueNotifiedAt} is null`),
    index('proposals_call_idx').on(table.callId),
    check('proposals_trl_order', sql`${table.trlStart} is null or ${table.trlEnd} is null or ${table.trlStart} <= ${table.trlEnd}`),
    check('proposals_total_non_negative', sql`${table.totalBudgetKzt} is null or ${table.totalBudgetKzt} >= 0`),
  ],
);
export type ProposalRow = typeof proposals.$inferSelect;
export type NewProposalRow = typeof proposals.$inferInsert;

/** PDF files attached to a proposal; the bytes live in the storage under `storageKey`. */
export const proposalAttachments = pgTable(
  'proposal_attachments',
  {
    id: primaryId(),
    proposalId: uuid('proposal_id').notNull().references(() => proposals.id, { onDelete: 'cascade' }),
    fileName: text('file_name').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    storageKey: text('storage_key').notNull(),
    uploadedByUserId: uuid('uploaded_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (table) => [index('proposal_attachments_proposal_idx').on(table.proposalId)],
);
export type ProposalAttachmentRow = typeof proposalAttachments.$inferSelect;
