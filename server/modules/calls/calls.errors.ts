import { AppError, notFound } from '../../errors.ts';

interface Issue {
  path: string;
  message: string;
}

/** Also what a stranger program office gets: never "exists but not yours". */
export const callNotFound = () => notFound('calls.not_found', 'The call');
/** A proposal made outside any competitive call has no call, so no call feedback. */
export const notInCall = () => new AppError(404, 'calls.not_found', 'This proposal was not submitted to a competitive call: there is no call feedback for it.');
export const invalidCall = (issues: Issue[]) =>
  new AppError(400, 'calls.invalid', `The call cannot be saved: ${issues.map((issue) => `${issue.path} ${issue.message}`).join('; ')}.`, issues);
export const invalidCallTransition = (from: string, to: string, why: string) =>
  new AppError(409, 'calls.invalid_transition', `A ${from} call cannot move to ${to}: ${why}.`, { from, to });
export const callNotDraft = (status: string) =>
  new AppError(409, 'calls.not_draft', `The call is ${status}: only a draft can be edited (once open, its criteria and deadline are published).`, { status });
export const deadlinePassed = (deadline: Date) =>
  new AppError(409, 'calls.deadline_passed', `The call closed for proposals at ${deadline.toISOString()} (server time); late proposals are not accepted.`, { deadline: deadline.toISOString() });
export const callNotOpen = (status: string) => new AppError(409, 'calls.not_open', `The call is ${status}, not open for proposals.`, { status });
export const taskNotInCall = () => new AppError(400, 'calls.task_not_in_call', 'The task is not one of this call\'s tasks.', [{ path: '/taskId', message: 'is not in the call' }]);
export const taskRequired = () => new AppError(400, 'calls.task_required', 'Say which of the call\'s tasks the proposal answers.', [{ path: '/taskId', message: 'is required for this call' }]);
export const proposalFrozen = (action: string) =>
  new AppError(409, 'calls.frozen', `The call's deadline has passed: the proposal is frozen and cannot be ${action}.`, { action });
export const decidedByCouncil = () => new AppError(409, 'calls.decided_by_council', 'This proposal answers a competitive call: its council decides, not the enterprise.');
export const userNotFound = (email: string) => new AppError(404, 'calls.user_not_found', `There is no account with the address ${email}.`, { email });
export const expertNotFound = () => notFound('calls.expert_not_found', 'The expert');
export const expertConflict = (why: string) => new AppError(409, 'calls.expert_conflict', `This expert cannot be assigned: ${why}.`);
export const alreadyAssigned = () => new AppError(409, 'calls.already_assigned', 'This expert is already assigned to the proposal (or declared a conflict with it).');
export const assignmentNotFound = () => notFound('calls.assignment_not_found', 'The assignment');
export const declarationRequired = () => new AppError(409, 'calls.declaration_required', 'Declare whether you have a conflict of interest before scoring.');
export const invalidScores = (issues: Issue[]) =>
  new AppError(400, 'calls.scores_invalid', `The scores cannot be accepted: ${issues.map((issue) => `${issue.path} ${issue.message}`).join('; ')}.`, issues);
export const alreadyScored = () => new AppError(409, 'calls.already_scored', 'Your scores for this proposal are already submitted.');
export const scoringIncomplete = (missing: number) =>
  new AppError(409, 'calls.scoring_incomplete', `${missing} proposal(s) still lack the required expert scores.`, { missing });
export const notCouncilMember = () => new AppError(403, 'calls.not_council_member', 'Only members of this call\'s council can vote.');
export const councilConflict = () => new AppError(409, 'calls.council_conflict', 'You are tied to the proposer or the task\'s enterprise: your vote is recorded as an abstention.');
export const councilMissing = () => new AppError(409, 'calls.council_missing', 'Form the council (members and a chair) first.');
export const noDecision = () => new AppError(409, 'calls.no_decision', 'The council has no quorum on this proposal yet: there is no decision to record.');
export const budgetExceeded = (envelope: number, committed: number, amount: number) =>
  new AppError(409, 'calls.budget_exceeded', `Funding ${amount} ₸ would exceed the call's envelope of ${envelope} ₸ (${committed} ₸ already committed).`, { envelope, committed, amount });
export const outcomeRecorded = () => new AppError(409, 'calls.outcome_recorded', 'The outcome for this proposal is already recorded.');
export const amountInvalid = (message: string) => new AppError(400, 'calls.amount_invalid', message, [{ path: '/amountKzt', message }]);
export const notFlagged = (why: string) => new AppError(409, 'calls.not_flagged', `This proposal is not flagged for moderation: ${why}.`);
export const moderationAlreadyOpen = () => new AppError(409, 'calls.moderation_open', 'A moderation round is already open on this proposal: wait for the experts\' answers or close it first.');
export const moderationStillOpen = (rounds: number) =>
  new AppError(409, 'calls.moderation_open', `A moderation round is still open on ${rounds} proposal(s): the call cannot go to the council until the experts have answered or the round is closed.`, { rounds });
export const noOpenRound = () => new AppError(409, 'calls.moderation_closed', 'There is no open moderation round on this proposal for you to answer or close.');
export const alreadyAnswered = () => new AppError(409, 'calls.moderation_answered', 'You have already answered this moderation round.');
