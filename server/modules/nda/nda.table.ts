import { pgTable, text, uuid, integer, bigserial, timestamp, index, uniqueIndex, check } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { primaryId, updatedAt } from '../../db/columns.ts';
import { tasks } from '../tasks/tasks.table.ts';
import { organisations } from '../organisations/organisations.table.ts';
import { users } from '../users/users.table.ts';

/**
 * A task's NDA when the enterprise changed it. No row means version 1 of the platform's standard text,
 * so existing tasks need no backfill.
 */
export const taskNdas = pgTable(
  'task_ndas',
  {
    taskId: uuid('task_id').primaryKey().references(() => tasks.id, { onDelete: 'cascade' }),
    version: integer('version').notNull().default(1),
    /** Null: the platform's standard text. */
    customText: text('custom_text'),
    updatedByUserId: uuid('updated_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    updatedAt: updatedAt(),
  },
  (table) => [check('task_ndas_version_positive', sql`${table.version} >= 1`)],
);
export type TaskNdaRow = typeof taskNdas.$inferSelect;

/** Who accepted which version of a task's NDA, for which organisation, when, and in which language. */
export const ndaAcceptances = pgTable(
  'nda_acceptances',
  {
    id: primaryId(),
    taskId: uuid('task_id').notNull().references(() => tasks.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    /** The language of the text the person was shown. */
    locale: text('locale', { enum: ['ru', 'kk', 'en'] }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex('nda_acceptances_task_org_version_unique').on(table.taskId, table.organisationId, table.version)],
);
export type NdaAcceptanceRow = typeof ndaAcceptances.$inferSelect;

/**
 * Append-only: every view of confidential material by someone outside the owning enterprise, and every
 * NDA acceptance. The enterprise reads it on its task.
 */
export const confidentialAccessLog = pgTable(
  'confidential_access_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    taskId: uuid('task_id').notNull().references(() => tasks.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id').references(() => organisations.id, { onDelete: 'set null' }),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    tokenId: uuid('token_id'),
    action: text('action', { enum: ['nda.accept', 'confidential.view'] }).notNull(),
    subject: text('subject').notNull(),
    ndaVersion: integer('nda_version'),
  },
  (table) => [index('confidential_access_log_task_idx').on(table.taskId, table.id)],
);
export type ConfidentialAccessRow = typeof confidentialAccessLog.$inferSelect;
