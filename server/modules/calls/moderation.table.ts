import { sql } from 'drizzle-orm';
import { pgTable, text, uuid, jsonb, timestamp, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { primaryId } from '../../db/columns.ts';
import { users } from '../users/users.table.ts';
import { proposals } from '../proposals/proposals.table.ts';
import { calls } from './calls.table.ts';
import { expertAssignments } from './experts.table.ts';
import { MODERATION_ANSWERS, MODERATION_STATUSES, type ScoreLine } from '../../../shared/schemas/calls.ts';

/**
 * A moderation round the program office opens on a flagged proposal during scoring. It keeps every
 * sheet as it stood when the round opened, so the divergence before stays known after revisions.
 */
export const moderationRounds = pgTable(
  'moderation_rounds',
  {
    id: primaryId(),
    callId: uuid('call_id').notNull().references(() => calls.id, { onDelete: 'cascade' }),
    proposalId: uuid('proposal_id').notNull().references(() => proposals.id, { onDelete: 'cascade' }),
    status: text('status', { enum: MODERATION_STATUSES }).notNull().default('open'),
    note: text('note').notNull(),
    /** The experts the round asks: each scored assignment with its sheet at opening. */
    sheetsBefore: jsonb('sheets_before').$type<{ assignmentId: string; scores: ScoreLine[] }[]>().notNull(),
    openedByUserId: uuid('opened_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    openedAt: timestamp('opened_at', { withTimezone: true, mode: 'date' }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true, mode: 'date' }),
    /** Null on a closed round: the last expert's answer closed it. */
    closedByUserId: uuid('closed_by_user_id').references(() => users.id, { onDelete: 'set null' }),
  },
  (table) => [
    // At most one open round per proposal, whatever two requests race.
    uniqueIndex('moderation_rounds_one_open').on(table.proposalId).where(sql`${table.status} = 'open'`),
    index('moderation_rounds_call_idx').on(table.callId),
  ],
);
export type ModerationRoundRow = typeof moderationRounds.$inferSelect;

/** One expert's answer in a round: the sheet before and after (equal when confirmed). */
export const moderationAnswers = pgTable(
  'moderation_answers',
  {
    id: primaryId(),
    roundId: uuid('round_id').notNull().references(() => moderationRounds.id, { onDelete: 'cascade' }),
    assignmentId: uuid('assignment_id').notNull().references(() => expertAssignments.id, { onDelete: 'cascade' }),
    answer: text('answer', { enum: MODERATION_ANSWERS }).notNull(),
    scoresBefore: jsonb('scores_before').$type<ScoreLine[]>().notNull(),
    scoresAfter: jsonb('scores_after').$type<ScoreLine[]>().notNull(),
    answeredAt: timestamp('answered_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (table) => [uniqueIndex('moderation_answers_round_assignment_unique').on(table.roundId, table.assignmentId)],
);
export type ModerationAnswerRow = typeof moderationAnswers.$inferSelect;
