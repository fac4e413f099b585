import { pgTable, text, uuid, jsonb, integer, bigint, date, timestamp, index, uniqueIndex, check } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { primaryId, createdAt, updatedAt } from '../../db/columns.ts';
import { organisations } from '../organisations/organisations.table.ts';
import { users } from '../users/users.table.ts';
import type { TaskKpi } from '../../../shared/schemas/tasks.ts';

export const tasks = pgTable(
  'tasks',
  {
    id: primaryId(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    externalId: text('external_id'),
    status: text('status', { enum: ['draft', 'published', 'closed'] }).notNull().default('draft'),
    visibility: text('visibility', { enum: ['public', 'registered'] }).notNull().default('public'),
    lang: text('lang', { enum: ['ru', 'kk', 'en'] }).notNull(),
    // Drafts save with any subset of the template: the fields publishing needs are checked by
    // checkReadyToPublish, not by the columns.
    title: text('title'),
    problem: text('problem'),
    currentProcess: text('current_process'),
    processParameters: text('process_parameters'),
    kpis: jsonb('kpis').$type<TaskKpi[]>().notNull().default([]),
    constraints: text('constraints'),
    triedBefore: text('tried_before'),
    samplesOffered: text('samples_offered'),
    desiredOutcome: text('desired_outcome'),
    priorityArea: text('priority_area'),
    region: text('region'),
    // Whole tenge. bigint because programme totals pass 2^31 easily.
    budgetMinKzt: bigint('budget_min_kzt', { mode: 'number' }),
    budgetMaxKzt: bigint('budget_max_kzt', { mode: 'number' }),
    cofinancingPercent: integer('cofinancing_percent'),
    trlCurrent: integer('trl_current'),
    trlTarget: integer('trl_target'),
    deadline: date('deadline', { mode: 'string' }),
    confidentialDetails: text('confidential_details'),
    createdByUserId: uuid('created_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    publishedAt: timestamp('published_at', { withTimezone: true, mode: 'date' }),
    closedAt: timestamp('closed_at', { withTimezone: true, mode: 'date' }),
    /** Why the enterprise closed the task (required when closing; shown on the task and in the audit log). */
    closedReason: text('closed_reason'),
  },
  (table) => [
    uniqueIndex('tasks_external_id_unique').on(table.externalId),
    index('tasks_organisation_idx').on(table.organisationId),
    index('tasks_status_published_idx').on(table.status, table.publishedAt),
    check('tasks_budget_range', sql`${table.budgetMinKzt} is null or ${table.budgetMaxKzt} is null or ${table.budgetMinKzt} <= ${table.budgetMaxKzt}`),
    check('tasks_trl_range', sql`${table.trlCurrent} is null or ${table.trlCurrent} <= ${table.trlTarget}`),
    check('tasks_cofinancing_range', sql`${table.cofinancingPercent} is null or ${table.cofinancingPercent} between 0 and 100`),
  ],
);
export type TaskRow = typeof tasks.$inferSelect;
export type NewTaskRow = typeof tasks.$inferInsert;
