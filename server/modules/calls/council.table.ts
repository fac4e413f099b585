import { pgTable, text, uuid, boolean, bigint, timestamp, index, primaryKey } from 'drizzle-orm/pg-core';
import { users } from '../users/users.table.ts';
import { proposals } from '../proposals/proposals.table.ts';
import { calls } from './calls.table.ts';

/** A call's council: people with accounts, one of them the chair. */
export const councilMembers = pgTable(
  'council_members',
  {
    callId: uuid('call_id').notNull().references(() => calls.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    chair: boolean('chair').notNull().default(false),
  },
  (table) => [primaryKey({ columns: [table.callId, table.userId] }), index('council_members_user_idx').on(table.userId)],
);

/** Open votes, by name: one per member and proposal (a member may change it while the council sits). */
export const councilVotes = pgTable(
  'council_votes',
  {
    callId: uuid('call_id').notNull().references(() => calls.id, { onDelete: 'cascade' }),
    proposalId: uuid('proposal_id').notNull().references(() => proposals.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    vote: text('vote', { enum: ['for', 'against', 'abstain', 'conflict'] }).notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.proposalId, table.userId] }), index('council_votes_call_idx').on(table.callId)],
);
export type CouncilVoteRow = typeof councilVotes.$inferSelect;

/** The recorded outcome per proposal: funded or not, amount, rationale. */
export const callOutcomes = pgTable(
  'call_outcomes',
  {
    proposalId: uuid('proposal_id').primaryKey().references(() => proposals.id, { onDelete: 'cascade' }),
    callId: uuid('call_id').notNull().references(() => calls.id, { onDelete: 'cascade' }),
    funded: boolean('funded').notNull(),
    amountKzt: bigint('amount_kzt', { mode: 'number' }),
    rationale: text('rationale').notNull(),
    partnershipId: uuid('partnership_id'),
    decidedByUserId: uuid('decided_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [index('call_outcomes_call_idx').on(table.callId)],
);
export type CallOutcomeRow = typeof callOutcomes.$inferSelect;
