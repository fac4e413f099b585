import { sql } from 'drizzle-orm';
import { pgTable, text, uuid, bigserial, jsonb, timestamp, index } from 'drizzle-orm/pg-core';

/** Append-only record of every change: who (user or token), what, and the changed fields. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    actorUserId: uuid('actor_user_id'),
    actorTokenId: uuid('actor_token_id'),
    /** 'cli' for changes made from the command line, 'import' for imports. */
    actorLabel: text('actor_label'),
    organisationId: uuid('organisation_id'),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    changes: jsonb('changes'),
  },
  (table) => [
    index('audit_log_entity_idx').on(table.entityType, table.entityId),
    index('audit_log_at_idx').on(table.at),
    // The program funnel's "first decision on a proposal" (program/funnel.repo.ts, DECISION_ACTIONS): only those rows, by proposal.
    index('audit_log_proposal_decisions_idx')
      .on(table.entityId, table.at)
      .where(sql`${table.entityType} = 'proposal' and ${table.action} in ('proposal.shortlisted', 'proposal.in_negotiation', 'proposal.decline', 'proposal.agreed')`),
  ],
);
export type AuditRow = typeof auditLog.$inferSelect;
