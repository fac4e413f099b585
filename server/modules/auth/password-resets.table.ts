import { pgTable, text, uuid, timestamp, index } from 'drizzle-orm/pg-core';
import { primaryId, createdAt } from '../../db/columns.ts';
import { users } from '../users/users.table.ts';

/** Password reset links: single use, short-lived, and only the hash of the token is kept. */
export const passwordResets = pgTable(
  'password_resets',
  {
    id: primaryId(),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    /** sha256 of the token in the link: a leaked database does not leak working links. */
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    /** Set when the link is used, or when a newer request supersedes it. */
    usedAt: timestamp('used_at', { withTimezone: true, mode: 'date' }),
  },
  (table) => [index('password_resets_user_idx').on(table.userId)],
);
export type PasswordResetRow = typeof passwordResets.$inferSelect;
