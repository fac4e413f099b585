import { AppError, notFound } from '../../errors.ts';
import type { TermsIssue } from '../../../shared/schemas/terms.ts';

/** Also what a stranger organisation gets. */
export const partnershipNotFound = () => notFound('partnerships.not_found', 'The partnership');

/** A 400 listing every rule the terms break; the same messages the web's offer editor shows. */
export const invalidTerms = (issues: TermsIssue[]) =>
  new AppError(400, 'terms.invalid', `The terms do not hold: ${issues.map((issue) => `${issue.path} ${issue.message}`).join('; ')}.`, { issues });

export const milestoneNotFound = () => notFound('partnerships.milestone_not_found', 'The milestone');
export const reportNotFound = () => notFound('partnerships.report_not_found', 'The report');
export const trancheNotFound = () => notFound('partnerships.tranche_not_found', 'The tranche');
export const disbursementNotFound = () => notFound('partnerships.disbursement_not_found', 'The disbursement');
export const changeRequestNotFound = () => notFound('partnerships.change_not_found', 'The change request');

export const invalidPartnershipTransition = (from: string, action: string) =>
  new AppError(409, 'partnerships.invalid_transition', `A partnership that is ${from.replace('_', ' ')} cannot be ${action}.`, { from, action });
export const partnershipClosed = (status: string) =>
  new AppError(409, 'partnerships.closed', `This partnership is ${status}: nothing more can be recorded on it.`, { status });
export const notAllMilestonesAccepted = () =>
  new AppError(409, 'partnerships.not_complete', 'A partnership can be completed only when every milestone is accepted.');

export const reportNotExpected = (status: string) =>
  new AppError(409, 'partnerships.report_not_expected', `This milestone is ${status}: a report can be submitted only for a planned or returned milestone.`, { status });
export const reportNotPending = (status: string) =>
  new AppError(409, 'partnerships.report_not_pending', `This report is already ${status}.`, { status });

export const milestoneNotAccepted = () =>
  new AppError(409, 'partnerships.milestone_not_accepted', "Money can be disbursed only for a milestone whose report the enterprise accepted.");
export const aboveTranchePlan = (plannedKzt: number, disbursedKzt: number, amountKzt: number) =>
  new AppError(409, 'partnerships.above_plan', `The tranche plans ${plannedKzt} ₸, ${disbursedKzt} ₸ are already disbursed: ${amountKzt} ₸ more would exceed the plan.`, { plannedKzt, disbursedKzt, amountKzt, leftKzt: plannedKzt - disbursedKzt });
export const sourceNotYours = (source: string) =>
  new AppError(403, 'partnerships.source_not_yours', `You cannot record money from the source "${source}": the enterprise records its own, the program office state-programme and fund money, the institute its in-kind contribution.`, { source });
export const alreadyReversed = () => new AppError(409, 'partnerships.already_reversed', 'This entry is a reversal or has already been reversed.');

export const changePending = () => new AppError(409, 'partnerships.change_pending', 'A change request is already waiting for an answer: answer or withdraw it first.');
export const changeNotPending = (status: string) => new AppError(409, 'partnerships.change_not_pending', `This change request is already ${status}.`, { status });
export const changeStale = (baseVersion: number, currentVersion: number) =>
  new AppError(409, 'partnerships.change_stale', `This change request was made on version ${baseVersion}, but the terms are now at version ${currentVersion}.`, { baseVersion, currentVersion });
export const changeNoDifference = () => new AppError(400, 'partnerships.change_no_difference', 'The proposed terms are the same as the current ones.');
/** Each problem names the milestone position and source, so the form can point at it. */
export const changeBreaksLedger = (issues: { path: string; message: string }[]) =>
  new AppError(400, 'partnerships.change_breaks_ledger', `The new terms contradict what is already done: ${issues.map((issue) => `${issue.path} ${issue.message}`).join('; ')}.`, { issues });
