import { pgTable, text, uuid, uniqueIndex, index, primaryKey, timestamp } from 'drizzle-orm/pg-core';
import { primaryId, createdAt, updatedAt } from '../../db/columns.ts';
import { users } from '../users/users.table.ts';

export const organisations = pgTable(
  'organisations',
  {
    id: primaryId(),
    kind: text('kind', { enum: ['enterprise', 'institute', 'program_office'] }).notNull(),
    name: text('name').notNull(),
    /** Business identification number; imported registries may not carry one. */
    bin: text('bin'),
    /** The id a record has in the system it was imported from. */
    externalId: text('external_id'),
    region: text('region'),
    city: text('city'),
    website: text('website'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    uniqueIndex('organisations_bin_unique').on(table.bin),
    uniqueIndex('organisations_external_id_unique').on(table.externalId),
    index('organisations_kind_idx').on(table.kind),
  ],
);

export const memberships = pgTable(
  'memberships',
  {
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['owner', 'member'] }).notNull(),
    joinedAt: timestamp('joined_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.userId, table.organisationId] }),
    // A person acts for one organisation at a time: it keeps every access check unambiguous.
    uniqueIndex('memberships_user_unique').on(table.userId),
    index('memberships_organisation_idx').on(table.organisationId),
  ],
);

export type OrganisationRow = typeof organisations.$inferSelect;
export type NewOrganisationRow = typeof organisations.$inferInsert;
export type MembershipRow = typeof memberships.$inferSelect;
