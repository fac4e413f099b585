import type { AssignmentModeration, Criterion, ModerationRound } from '../../../shared/schemas/calls.ts';
import type { ExpertAssignmentRow } from './experts.table.ts';
import type { RoundWithAnswers } from './moderation.repo.ts';
import { aggregate, toDisplay } from './scoring.math.ts';

// How a moderation round reads: to the office and in the results (experts by label), and to one of
// the proposal's experts (their label and their own answer).

/** The office's and the results' view of a round. */
export function toModerationRound({ round, answers }: RoundWithAnswers, criteria: Criterion[], labels: Map<string, string>): ModerationRound {
  const experts = round.sheetsBefore.length;
  return {
    id: round.id,
    proposalId: round.proposalId,
    status: round.status,
    note: round.note,
    openedAt: round.openedAt.toISOString(),
    closedAt: round.closedAt?.toISOString() ?? null,
    closedBy: round.status === 'closed' ? (answers.length >= experts ? 'answers' : 'manager') : null,
    experts,
    answers: answers.map((answer) => ({ expert: labels.get(answer.assignmentId) ?? '—', answer: answer.answer, answeredAt: answer.answeredAt.toISOString() })),
    divergenceBefore: toDisplay(aggregate(criteria, round.sheetsBefore.map((sheet) => sheet.scores)).divergence),
  };
}

/**
 * One expert's view: only for an expert the round asks (the caller loads the round for a scored
 * assignment only). The others' current scores are the assignment's `otherScores`, not repeated here.
 */
export function toAssignmentModeration({ round, answers }: RoundWithAnswers, own: ExpertAssignmentRow, labels: Map<string, string>): AssignmentModeration | null {
  if (!round.sheetsBefore.some((sheet) => sheet.assignmentId === own.id)) return null;
  const mine = answers.find((answer) => answer.assignmentId === own.id);
  return {
    id: round.id,
    status: round.status,
    note: round.note,
    openedAt: round.openedAt.toISOString(),
    closedAt: round.closedAt?.toISOString() ?? null,
    me: labels.get(own.id) ?? '—',
    myAnswer: mine ? { answer: mine.answer, answeredAt: mine.answeredAt.toISOString(), scoresBefore: mine.scoresBefore } : null,
  };
}
