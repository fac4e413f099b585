import { sql } from 'drizzle-orm';
import { pgTable, text, uuid, jsonb, timestamp, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { primaryId, createdAt } from '../../db/columns.ts';
import { users } from '../users/users.table.ts';
import { organisations } from '../organisations/organisations.table.ts';
import type { TaskSearchQuery } from '../../../shared/schemas/search.ts';
import { NOTIFICATION_KINDS } from '../../../shared/schemas/alerts.ts';

/** A task search an institute member keeps; new tasks that match it raise alerts. */
export const savedSearches = pgTable(
  'saved_searches',
  {
    id: primaryId(),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    query: jsonb('query').$type<TaskSearchQuery>().notNull(),
    createdAt: createdAt(),
  },
  (table) => [index('saved_searches_user_idx').on(table.userId)],
);

/** In-app notifications; e-mailed in digests (emailedAt) so nobody gets one mail per event. */
export const notifications = pgTable(
  'notifications',
  {
    id: primaryId(),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: NOTIFICATION_KINDS }).notNull(),
    /** The task (or, later, proposal or negotiation) the notification is about. */
    subjectId: uuid('subject_id').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
    readAt: timestamp('read_at', { withTimezone: true, mode: 'date' }),
    emailedAt: timestamp('emailed_at', { withTimezone: true, mode: 'date' }),
  },
  (table) => [
    // One alert per person and task, however many of their searches match it.
    uniqueIndex('notifications_user_subject_unique').on(table.userId, table.kind, table.subjectId),
    index('notifications_user_created_idx').on(table.userId, table.createdAt),
    // The digest looks for people with unmailed notifications; once mailed, rows leave this index.
    index('notifications_awaiting_digest_idx').on(table.userId).where(sql`${table.emailedAt} is null`),
  ],
);
