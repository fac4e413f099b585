import { pgTable, text, uuid, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { primaryId, createdAt } from '../../db/columns.ts';
import { users } from '../users/users.table.ts';
import { organisations } from '../organisations/organisations.table.ts';

/** Bearer tokens for integrations: act as a member of one organisation, or as a platform admin. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: primaryId(),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull(),
    /** First characters of the token, shown in listings so people can tell tokens apart. */
    prefix: text('prefix').notNull(),
    role: text('role', { enum: ['admin', 'member'] }).notNull(),
    organisationId: uuid('organisation_id').references(() => organisations.id, { onDelete: 'cascade' }),
    createdByUserId: uuid('created_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true, mode: 'date' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
  },
  (table) => [uniqueIndex('api_tokens_hash_unique').on(table.tokenHash)],
);
export type ApiTokenRow = typeof apiTokens.$inferSelect;
