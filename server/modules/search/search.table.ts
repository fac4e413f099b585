import { pgTable, text, uuid, bigserial, integer, timestamp, jsonb, index } from 'drizzle-orm/pg-core';

/**
 * Transactional outbox: every change to a task or profile writes a row here in the same
 * transaction, so the search index can never silently miss a change. The indexer deletes rows
 * only after Meilisearch confirmed the update; while it is down, rows simply wait.
 */
export const searchOutbox = pgTable(
  'search_outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    entityType: text('entity_type', { enum: ['task', 'institute'] }).notNull(),
    entityId: uuid('entity_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
  },
  (table) => [index('search_outbox_entity_idx').on(table.entityType, table.entityId)],
);

/** What was last applied to the search server (settings version, embedder), keyed by name. */
export const searchState = pgTable('search_state', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});
