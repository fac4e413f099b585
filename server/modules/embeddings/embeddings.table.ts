import { pgTable, text, real, timestamp, primaryKey } from 'drizzle-orm/pg-core';

/** Vectors by content hash and embedder: unchanged texts are never embedded twice. */
export const embeddingCache = pgTable(
  'embedding_cache',
  {
    embedderId: text('embedder_id').notNull(),
    contentHash: text('content_hash').notNull(),
    vector: real('vector').array().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.embedderId, table.contentHash] })],
);
