import { pgTable, text, uuid, timestamp, uniqueIndex, index } from 'drizzle-orm/pg-core';
import { primaryId, createdAt } from '../../db/columns.ts';
import { users } from '../users/users.table.ts';
import { organisations } from '../organisations/organisations.table.ts';

/** An owner's invitation to join their organisation, sent by e-mail; only the token's hash is kept. */
export const invitations = pgTable(
  'invitations',
  {
    id: primaryId(),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    /** Stored lower-cased, like users.email: the account that accepts must have this address. */
    email: text('email').notNull(),
    role: text('role', { enum: ['owner', 'member'] }).notNull(),
    tokenHash: text('token_hash').notNull(),
    invitedByUserId: uuid('invited_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true, mode: 'date' }),
    acceptedByUserId: uuid('accepted_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
  },
  (table) => [uniqueIndex('invitations_token_hash_unique').on(table.tokenHash), index('invitations_organisation_idx').on(table.organisationId)],
);
export type InvitationRow = typeof invitations.$inferSelect;
export type NewInvitationRow = typeof invitations.$inferInsert;
