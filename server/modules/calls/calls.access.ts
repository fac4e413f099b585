import { authRequired } from '../../errors.ts';
import { forbidden } from '../../errors.ts';
import { isSignedIn, type AuthContext } from '../auth/auth-context.ts';
import { invalidInput } from '../../errors.ts';
import type { CallsRepo } from './calls.repo.ts';
import type { CallRow } from './calls.table.ts';
import { callNotFound } from './calls.errors.ts';

/** Program managers of the call's office. */
export const isManagerOf = (auth: AuthContext, call: Pick<CallRow, 'programOfficeId'>) =>
  auth.organisation?.kind === 'program_office' && auth.organisation.id === call.programOfficeId;

/**
 * Who may see a call's management views: its office and platform admins (read only). Anyone else,
 * another program office included, meets a 404; a visitor is asked to sign in.
 */
export function requireCallReader(auth: AuthContext, call: Pick<CallRow, 'programOfficeId'> | null): asserts call is CallRow {
  if (!isSignedIn(auth)) throw authRequired();
  if (!call || !(auth.isAdmin || isManagerOf(auth, call))) throw callNotFound();
}

/** Changes are the office's own: admins see them but do not run another office's procedure. */
export function requireCallManager(auth: AuthContext, call: Pick<CallRow, 'programOfficeId'> | null): asserts call is CallRow {
  requireCallReader(auth, call);
  if (!isManagerOf(auth, call)) throw forbidden("Only the call's program office can do this.");
}

/** One of the proposals taking part in the call, or a 400 naming the proposal. */
export async function requireProposalOfCall(callsRepo: CallsRepo, callId: string, proposalId: string) {
  const proposal = (await callsRepo.listProposals(callId)).find((row) => row.id === proposalId);
  if (!proposal) throw invalidInput('The proposal does not take part in this call.', [{ path: '/proposalId', message: 'is not a proposal of this call' }]);
  return proposal;
}
