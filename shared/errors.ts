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
  'auth.weak_password',
  'auth.wrong_password',
  'auth.reset_token_invalid',
  'auth.account_disabled',
  'users.email_taken',
  'users.already_member',
  'users.not_found',
  'users.cannot_disable_self',
  'invitations.not_found',
  'invitations.expired',
  'invitations.used',
  'invitations.revoked',
  'invitations.email_mismatch',
  'invitations.admin_cannot_join',
  'invitations.sign_in_first',
  'invitations.account_details_required',
  'organisations.not_found',
  'organisations.bin_taken',
  'organisations.kind_not_allowed',
  'organisations.last_owner',
  'tasks.not_found',
  'tasks.invalid_transition',
  'tasks.incomplete',
  'tasks.close_reason_required',
  'institutes.not_found',
  'nda.stale_version',
  'tokens.not_found',
  'search.unavailable',
  'saved_searches.not_found',
  'saved_searches.limit_reached',
  'notifications.not_found',
  'notifications.websocket_required',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiErrorBody {
  error: { code: ErrorCode | string; message: string; details?: unknown };
}
