import { AppError, notFound } from '../../errors.ts';
import type { NegotiationErrorCode } from '../../../shared/schemas/negotiations.ts';

/** Also what a stranger organisation gets: never "exists but not yours". */
export const negotiationNotFound = () => notFound('negotiations.not_found', 'The negotiation');
export const cannotOpen = (status: string) =>
  new AppError(409, 'negotiations.cannot_open', `A negotiation opens on a submitted or shortlisted proposal; this one is ${status.replace('_', ' ')}.`, { status });
export const readOnly = () => new AppError(403, 'negotiations.read_only', 'You can follow this negotiation but not write in it.');
export const negotiationClosed = (status: string) => new AppError(409, 'negotiations.closed', `This negotiation is ${status}: nothing more can be sent.`, { status });
export const staleVersion = (version: number, latestVersion: number) =>
  new AppError(409, 'negotiations.stale_version', `Version ${version} is no longer the latest: version ${latestVersion} was offered since. Read it, then accept that one.`, { version, latestVersion });
export const unknownVersion = (version: number, latestVersion: number) =>
  new AppError(409, 'negotiations.unknown_version', `There is no version ${version} of the terms (the latest is ${latestVersion}).`, { version, latestVersion });
export const alreadyAccepted = (version: number) => new AppError(409, 'negotiations.already_accepted', `Your side has already accepted version ${version}.`, { version });
export const clientMsgIdReused = (clientMsgId: string, seq: number) =>
  new AppError(409, 'negotiations.client_msg_id_reused', `The clientMsgId ${clientMsgId} was already used for a different write (seq ${seq}): give each new write its own id.`, { clientMsgId, seq });
export const websocketRequired = () => new AppError(426, 'negotiations.websocket_required', 'GET /ws is a WebSocket: connect with an Upgrade request.');

/** The error frame's code for an error: the REST code without its namespace (see NEGOTIATION_ERROR_CODES). */
export function wireCodeOf(error: unknown): NegotiationErrorCode {
  if (!(error instanceof AppError)) return 'internal';
  if (error.code === 'terms.invalid') return 'terms.invalid';
  if (error.code === 'auth.forbidden' || error.code === 'auth.required') return 'forbidden';
  if (error.code.endsWith('not_found')) return 'not_found';
  if (error.code === 'validation.failed') return 'invalid_frame';
  if (error.code === 'calls.above_funded_amount') return 'above_funded_amount';
  const bare = error.code.replace(/^negotiations\./, '');
  return (['read_only', 'closed', 'stale_version', 'unknown_version', 'already_accepted', 'rate_limited', 'client_msg_id_reused'] as const).find((code) => code === bare) ?? 'internal';
}
