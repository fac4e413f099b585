import { pgTable, text, uuid, jsonb, timestamp, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { primaryId, createdAt } from '../../db/columns.ts';
import { organisations } from '../organisations/organisations.table.ts';
import { users } from '../users/users.table.ts';
import { proposals } from '../proposals/proposals.table.ts';
import { calls } from './calls.table.ts';
import { ASSIGNMENT_STATUSES, type ScoreLine } from '../../../shared/schemas/calls.ts';
import type { Locale, PriorityArea } from '../../../shared/constants.ts';

/** A program office's register of experts: people with accounts, their fields and languages. */
export const callExperts = pgTable(
  'call_experts',
  {
    id: primaryId(),
    programOfficeId: uuid('program_office_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    fields: jsonb('fields').$type<PriorityArea[]>().notNull(),
    languages: jsonb('languages').$type<Locale[]>().notNull(),
    createdAt: createdAt(),
  },
  (table) => [uniqueIndex('call_experts_office_user_unique').on(table.programOfficeId, table.userId)],
);
export type CallExpertRow = typeof callExperts.$inferSelect;

/**
 * One expert on one proposal. Scores live on the row (one line per criterion, each with its comment)
 * and are written once; the audit log keeps author and time.
 */
export const expertAssignments = pgTable(
  'expert_assignments',
  {
    id: primaryId(),
    callId: uuid('call_id').notNull().references(() => calls.id, { onDelete: 'cascade' }),
    proposalId: uuid('proposal_id').notNull().references(() => proposals.id, { onDelete: 'cascade' }),
    expertId: uuid('expert_id').notNull().references(() => callExperts.id, { onDelete: 'cascade' }),
    expertUserId: uuid('expert_user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    status: text('status', { enum: ASSIGNMENT_STATUSES }).notNull().default('pending'),
    conflictReason: text('conflict_reason'),
    declaredAt: timestamp('declared_at', { withTimezone: true, mode: 'date' }),
    scores: jsonb('scores').$type<ScoreLine[]>(),
    scoredAt: timestamp('scored_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
  },
  (table) => [
    // A declared conflict stays on record, so the same expert cannot be assigned to that proposal again.
    uniqueIndex('expert_assignments_proposal_expert_unique').on(table.proposalId, table.expertUserId),
    index('expert_assignments_call_idx').on(table.callId),
    index('expert_assignments_expert_idx').on(table.expertUserId),
  ],
);
export type ExpertAssignmentRow = typeof expertAssignments.$inferSelect;
