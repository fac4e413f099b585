import { pgTable, text, boolean, uniqueIndex, timestamp } from 'drizzle-orm/pg-core';
import { primaryId, createdAt, updatedAt } from '../../db/columns.ts';

export const users = pgTable(
  'users',
  {
    id: primaryId(),
    /** Stored lower-cased: e-mail addresses are compared case-insensitively. */
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    fullName: text('full_name').notNull(),
    locale: text('locale', { enum: ['ru', 'kk', 'en'] }).notNull().default('ru'),
    isPlatformAdmin: boolean('is_platform_admin').notNull().default(false),
    /** Set by an administrator: the account cannot sign in and its sessions and personal tokens stop working. */
    disabledAt: timestamp('disabled_at', { withTimezone: true, mode: 'date' }),
    disabledReason: text('disabled_reason'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [uniqueIndex('users_email_unique').on(table.email)],
);

export type UserRow = typeof users.$inferSelect;
export type NewUserRow = typeof users.$inferInsert;
