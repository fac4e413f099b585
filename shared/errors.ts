// Stable error codes: the server answers { error: { code, message, details? } } and the web
// translates `code` (see i18n `errors.*`), falling back to the server's English `message`.
export const ERROR_CODES = [
  'validation.failed',
  'not_found',
  'internal',
  'auth.required',
  'auth.invalid_credentials',
  'auth.forbidden',
  'auth.csrf',
  'auth.rate_limited',
  'users.email_taken',
  'users.already_member',
  'organisations.not_found',
  'organisations.bin_taken',
  'organisations.kind_not_allowed',
  'organisations.last_owner',
  'tasks.not_found',
  'tasks.invalid_transition',
  'tasks.incomplete',
  'institutes.not_found',
  'tokens.not_found',
  'search.unavailable',
  'saved_searches.not_found',
  'saved_searches.limit_reached',
  'notifications.not_found',
  'notifications.websocket_required',
  'proposals.not_found',
  'proposals.invalid_transition',
  'proposals.sum_mismatch',
  'proposals.inconsistent',
  'proposals.incomplete',
  'proposals.task_not_open',
  'proposals.note_required',
  'proposals.attachment_not_found',
  'proposals.attachment_not_pdf',
  'proposals.attachment_too_large',
  'proposals.attachment_missing',
  'proposals.attachments_limit',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiErrorBody {
  error: { code: ErrorCode | string; message: string; details?: unknown };
}
