import { sql } from 'drizzle-orm';
import { pgTable, text, uuid, jsonb, integer, timestamp, index, uniqueIndex, primaryKey, check } from 'drizzle-orm/pg-core';
import { primaryId, createdAt, updatedAt } from '../../db/columns.ts';
import { organisations } from '../organisations/organisations.table.ts';
import { users } from '../users/users.table.ts';
import { tasks } from '../tasks/tasks.table.ts';
import { proposals } from '../proposals/proposals.table.ts';
import type { Terms } from '../../../shared/schemas/terms.ts';
import { NEGOTIATION_EVENT_KINDS, NEGOTIATION_STATUSES } from '../../../shared/schemas/negotiations.ts';

/**
 * One negotiation room per proposal. The row is also the room's lock: every event is written under
 * `select … for update` on it, which is what makes `last_seq` gap-free and two accepts one agreement.
 */
export const negotiations = pgTable(
  'negotiations',
  {
    id: primaryId(),
    proposalId: uuid('proposal_id').notNull().references(() => proposals.id, { onDelete: 'cascade' }),
    taskId: uuid('task_id').notNull().references(() => tasks.id, { onDelete: 'cascade' }),
    enterpriseOrganisationId: uuid('enterprise_organisation_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    instituteOrganisationId: uuid('institute_organisation_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    status: text('status', { enum: NEGOTIATION_STATUSES }).notNull().default('open'),
    /** The seq of the newest event; the next event takes last_seq + 1 under the row lock. */
    lastSeq: integer('last_seq').notNull().default(0),
    latestVersion: integer('latest_version').notNull().default(1),
    /** The newest version's terms; frozen once agreed (the partnership keeps its own copy). */
    latestTerms: jsonb('latest_terms').$type<Terms>().notNull(),
    acceptedByEnterprise: integer('accepted_by_enterprise'),
    acceptedByInstitute: integer('accepted_by_institute'),
    /** Set in the agreement's transaction (partnerships.negotiation_id points back). */
    partnershipId: uuid('partnership_id'),
    endedReason: text('ended_reason'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    uniqueIndex('negotiations_proposal_unique').on(table.proposalId),
    // Not on updated_at: every chat message moves it, and an indexed column would make each of those
    // updates write both indexes again (no HOT update). An organisation's rooms are few enough to sort.
    index('negotiations_enterprise_idx').on(table.enterpriseOrganisationId),
    index('negotiations_institute_idx').on(table.instituteOrganisationId),
    check('negotiations_last_seq_non_negative', sql`${table.lastSeq} >= 0`),
  ],
);
export type NegotiationRow = typeof negotiations.$inferSelect;

/** The room's history: append-only, numbered gap-free per room. */
export const negotiationEvents = pgTable(
  'negotiation_events',
  {
    negotiationId: uuid('negotiation_id').notNull().references(() => negotiations.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    kind: text('kind', { enum: NEGOTIATION_EVENT_KINDS }).notNull(),
    clientMsgId: text('client_msg_id'),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    /**
     * Who wrote it, for idempotency: `user:<id>` or `token:<id>` (an API token has no user). Null for
     * the server's own events, which carry no clientMsgId.
     */
    authorKey: text('author_key'),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
  },
  (table) => [
    primaryKey({ name: 'negotiation_events_pk', columns: [table.negotiationId, table.seq] }),
    // Resending a clientMsgId finds the first event instead of writing a second one.
    uniqueIndex('negotiation_events_client_msg_unique').on(table.negotiationId, table.authorKey, table.clientMsgId).where(sql`${table.clientMsgId} is not null`),
    check('negotiation_events_seq_positive', sql`${table.seq} >= 1`),
  ],
);
export type NegotiationEventRow = typeof negotiationEvents.$inferSelect;

/** How far each person has read in each room: unread counts follow it. */
export const negotiationReads = pgTable(
  'negotiation_reads',
  {
    negotiationId: uuid('negotiation_id').notNull().references(() => negotiations.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    lastReadSeq: integer('last_read_seq').notNull().default(0),
    updatedAt: updatedAt(),
  },
  (table) => [primaryKey({ name: 'negotiation_reads_pk', columns: [table.negotiationId, table.userId] }), index('negotiation_reads_user_idx').on(table.userId)],
);
