import { sql } from 'drizzle-orm';
import { pgTable, text, uuid, jsonb, integer, bigint, timestamp, index, primaryKey, check } from 'drizzle-orm/pg-core';
import { primaryId, createdAt, updatedAt } from '../../db/columns.ts';
import { organisations } from '../organisations/organisations.table.ts';
import { users } from '../users/users.table.ts';
import { tasks } from '../tasks/tasks.table.ts';
import { CALL_STATUSES, FUNDING_MODES, type Criterion } from '../../../shared/schemas/calls.ts';

/** A competitive call of a program office. Criteria are frozen once the call opens (they were published). */
export const calls = pgTable(
  'calls',
  {
    id: primaryId(),
    programOfficeId: uuid('program_office_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    /** Stored status; an `open` call past its deadline reads as `closed` (see effectiveStatus). */
    status: text('status', { enum: CALL_STATUSES }).notNull().default('draft'),
    title: text('title').notNull(),
    description: text('description').notNull(),
    priorityArea: text('priority_area').notNull(),
    /** Open themes only: the task proposals answer, owned by the program office (made when the call opens). */
    anchorTaskId: uuid('anchor_task_id').references(() => tasks.id, { onDelete: 'set null' }),
    budgetEnvelopeKzt: bigint('budget_envelope_kzt', { mode: 'number' }).notNull(),
    eligibility: text('eligibility').notNull().default(''),
    deadline: timestamp('deadline', { withTimezone: true, mode: 'date' }).notNull(),
    expertsPerProposal: integer('experts_per_proposal').notNull().default(3),
    divergenceThreshold: integer('divergence_threshold').notNull().default(25),
    passThreshold: integer('pass_threshold').notNull().default(60),
    fundingMode: text('funding_mode', { enum: FUNDING_MODES }).notNull(),
    criteria: jsonb('criteria').$type<Criterion[]>().notNull(),
    createdByUserId: uuid('created_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    openedAt: timestamp('opened_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    index('calls_program_office_idx').on(table.programOfficeId),
    index('calls_status_deadline_idx').on(table.status, table.deadline),
    check('calls_budget_positive', sql`${table.budgetEnvelopeKzt} > 0`),
    check('calls_experts_range', sql`${table.expertsPerProposal} between 1 and 9`),
  ],
);
export type CallRow = typeof calls.$inferSelect;

/** The tasks a call is for (none for an open theme). */
export const callTasks = pgTable(
  'call_tasks',
  {
    callId: uuid('call_id').notNull().references(() => calls.id, { onDelete: 'cascade' }),
    taskId: uuid('task_id').notNull().references(() => tasks.id, { onDelete: 'cascade' }),
  },
  (table) => [primaryKey({ columns: [table.callId, table.taskId] }), index('call_tasks_task_idx').on(table.taskId)],
);
