import { and, asc, count, desc, eq, inArray } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/database.ts';
import type { ModerationAnswer, ScoreLine } from '../../../shared/schemas/calls.ts';
import { moderationAnswers, moderationRounds, type ModerationAnswerRow, type ModerationRoundRow } from './moderation.table.ts';

export interface RoundWithAnswers {
  round: ModerationRoundRow;
  answers: ModerationAnswerRow[];
}

export function createModerationRepo({ db }: { db: Db }) {
  /** Rounds newest first, each with its answers in the order given. */
  async function withAnswers(rounds: ModerationRoundRow[], tx: DbOrTx): Promise<RoundWithAnswers[]> {
    if (rounds.length === 0) return [];
    const answers = await tx.select().from(moderationAnswers).where(inArray(moderationAnswers.roundId, rounds.map((round) => round.id))).orderBy(asc(moderationAnswers.answeredAt), asc(moderationAnswers.id));
    return rounds.map((round) => ({ round, answers: answers.filter((answer) => answer.roundId === round.id) }));
  }

  return {
    async insertRound(
      values: { callId: string; proposalId: string; note: string; sheetsBefore: { assignmentId: string; scores: ScoreLine[] }[]; openedByUserId: string | null; at: Date },
      tx: DbOrTx,
    ): Promise<ModerationRoundRow> {
      const [row] = await tx
        .insert(moderationRounds)
        .values({ callId: values.callId, proposalId: values.proposalId, status: 'open', note: values.note, sheetsBefore: values.sheetsBefore, openedByUserId: values.openedByUserId, openedAt: values.at })
        .returning();
      return row;
    },

    /** The open round of a proposal, row-locked so answers and closing queue behind each other. */
    async lockOpenRound(proposalId: string, tx: DbOrTx): Promise<ModerationRoundRow | null> {
      const [row] = await tx.select().from(moderationRounds).where(and(eq(moderationRounds.proposalId, proposalId), eq(moderationRounds.status, 'open'))).for('update');
      return row ?? null;
    },

    async close(id: string, values: { at: Date; closedByUserId: string | null }, tx: DbOrTx): Promise<ModerationRoundRow | null> {
      const [row] = await tx
        .update(moderationRounds)
        .set({ status: 'closed', closedAt: values.at, closedByUserId: values.closedByUserId })
        .where(and(eq(moderationRounds.id, id), eq(moderationRounds.status, 'open')))
        .returning();
      return row ?? null;
    },

    async countOpenRounds(callId: string, tx: DbOrTx = db): Promise<number> {
      const [{ total }] = await tx.select({ total: count() }).from(moderationRounds).where(and(eq(moderationRounds.callId, callId), eq(moderationRounds.status, 'open')));
      return total;
    },

    async insertAnswer(
      values: { roundId: string; assignmentId: string; answer: ModerationAnswer; scoresBefore: ScoreLine[]; scoresAfter: ScoreLine[]; at: Date },
      tx: DbOrTx,
    ): Promise<ModerationAnswerRow> {
      const [row] = await tx
        .insert(moderationAnswers)
        .values({ roundId: values.roundId, assignmentId: values.assignmentId, answer: values.answer, scoresBefore: values.scoresBefore, scoresAfter: values.scoresAfter, answeredAt: values.at })
        .returning();
      return row;
    },

    /** Who has answered this round so far. */
    async listAnsweredAssignmentIds(roundId: string, tx: DbOrTx): Promise<string[]> {
      const rows = await tx.select({ assignmentId: moderationAnswers.assignmentId }).from(moderationAnswers).where(eq(moderationAnswers.roundId, roundId));
      return rows.map((row) => row.assignmentId);
    },

    async countAnswers(roundId: string, tx: DbOrTx): Promise<number> {
      const [{ total }] = await tx.select({ total: count() }).from(moderationAnswers).where(eq(moderationAnswers.roundId, roundId));
      return total;
    },

    /** Every round of a call, newest first per proposal: the results show the latest. */
    async listRoundsOfCall(callId: string, tx: DbOrTx = db): Promise<RoundWithAnswers[]> {
      const rounds = await tx.select().from(moderationRounds).where(eq(moderationRounds.callId, callId)).orderBy(desc(moderationRounds.openedAt), desc(moderationRounds.id));
      return withAnswers(rounds, tx);
    },

    async findLatestRound(proposalId: string, tx: DbOrTx = db): Promise<RoundWithAnswers | null> {
      const rounds = await tx.select().from(moderationRounds).where(eq(moderationRounds.proposalId, proposalId)).orderBy(desc(moderationRounds.openedAt), desc(moderationRounds.id)).limit(1);
      return (await withAnswers(rounds, tx))[0] ?? null;
    },

    /** Open rounds that still wait for these assignments' answers (the expert's list shows them). */
    async listDueAssignmentIds(assignments: { id: string; proposalId: string }[], tx: DbOrTx = db): Promise<Set<string>> {
      if (assignments.length === 0) return new Set();
      const open = await tx.select().from(moderationRounds).where(and(eq(moderationRounds.status, 'open'), inArray(moderationRounds.proposalId, assignments.map((row) => row.proposalId))));
      const ids = new Set(assignments.map((row) => row.id));
      const due = new Set<string>();
      for (const { round, answers } of await withAnswers(open, tx)) {
        for (const sheet of round.sheetsBefore) if (ids.has(sheet.assignmentId) && !answers.some((answer) => answer.assignmentId === sheet.assignmentId)) due.add(sheet.assignmentId);
      }
      return due;
    },
  };
}
export type ModerationRepo = ReturnType<typeof createModerationRepo>;
