import { AppError, notFound } from '../../errors.ts';

export interface FieldIssue {
  path: string;
  message: string;
}

/** Also what a stranger organisation gets: never "exists but not yours". */
export const proposalNotFound = () => notFound('proposals.not_found', 'The proposal');
export const attachmentNotFound = () => notFound('proposals.attachment_not_found', 'The attachment');
export const invalidProposalTransition = (from: string, action: string) =>
  new AppError(409, 'proposals.invalid_transition', `A ${from.replace('_', ' ')} proposal cannot be ${action}.`, { from, action });
export const onlyDraftsAreEditable = (status: string) =>
  new AppError(409, 'proposals.invalid_transition', `Only a draft can be edited; this proposal is ${status.replace('_', ' ')}. Withdraw it with a note instead.`, { from: status, action: 'edited' });
export const taskNotOpen = () => new AppError(409, 'proposals.task_not_open', 'This task is not open for proposals (it is closed or not published).');

/** A sum that does not add up: the field and both numbers, so the form can show them. */
export const sumMismatch = (field: string, stated: number, sum: number, of: string) =>
  new AppError(400, 'proposals.sum_mismatch', `${field} is ${stated} but ${of} add up to ${sum}.`, [{ path: `/${field}`, message: `is ${stated}, ${of} add up to ${sum}`, stated, sum }]);
export const inconsistentProposal = (issues: FieldIssue[]) =>
  new AppError(400, 'proposals.inconsistent', `Some fields contradict each other: ${issues.map((issue) => `${issue.path} ${issue.message}`).join('; ')}.`, issues);
export const incompleteProposal = (issues: FieldIssue[]) =>
  new AppError(422, 'proposals.incomplete', `The proposal is not ready to submit: ${issues.map((issue) => issue.path.slice(1)).join(', ')}.`, issues);
export const noteRequired = () => new AppError(400, 'proposals.note_required', 'A decline with the reason "other" needs a note saying why.', [{ path: '/note', message: 'is required for the reason "other"' }]);

export const attachmentNotPdf = () => new AppError(415, 'proposals.attachment_not_pdf', 'Only PDF files can be attached (the file content is not a PDF).');
export const attachmentTooLarge = (maxMb: number) => new AppError(413, 'proposals.attachment_too_large', `The file is larger than the ${maxMb} MB limit.`, { maxMb });
export const attachmentMissing = () => new AppError(400, 'proposals.attachment_missing', 'Send the file as multipart/form-data in a field named "file".');
export const attachmentsLimit = (max: number) => new AppError(409, 'proposals.attachments_limit', `A proposal can have at most ${max} attachments.`, { max });
