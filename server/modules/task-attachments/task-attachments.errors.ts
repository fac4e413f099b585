import { AppError, notFound } from '../../errors.ts';

/** Also what a caller gets for a confidential file before the NDA: never "exists but locked". */
export const taskAttachmentNotFound = () => notFound('task_attachments.not_found', 'The attachment');
export const taskAttachmentNotPdf = () => new AppError(415, 'task_attachments.not_pdf', 'Only PDF files can be attached (the file content is not a PDF).');
export const taskAttachmentTooLarge = (maxMb: number) => new AppError(413, 'task_attachments.too_large', `The file is larger than the ${maxMb} MB limit.`, { maxMb });
export const taskAttachmentMissing = () =>
  new AppError(400, 'task_attachments.missing', 'Send multipart/form-data with the field "confidential" (true or false) first, then the PDF in the field "file".');
/** Explicit on purpose: a file must never become public because a flag was forgotten or sent after it. */
export const confidentialFlagRequired = () =>
  new AppError(400, 'task_attachments.confidential_required', 'Say whether the file is confidential: the field "confidential" (true or false) must come before the file.', [{ path: '/confidential', message: 'must be true or false, before the file' }]);
export const taskAttachmentsLimit = (max: number) => new AppError(409, 'task_attachments.limit', `A task can have at most ${max} attachments.`, { max });
