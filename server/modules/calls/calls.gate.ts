import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/database.ts';
import { calls, type CallRow } from './calls.table.ts';
import { callOutcomes } from './council.table.ts';
import { decidedByCouncil, proposalFrozen } from './calls.errors.ts';

/** Open for proposals: opened and before its deadline (server time). */
export const acceptsProposals = (call: Pick<CallRow, 'status' | 'deadline'>, now: Date) => call.status === 'open' && now.getTime() < call.deadline.getTime();

/**
 * What the proposals module asks before an institute changes a proposal (edit, submit, withdraw,
 * attach): a proposal to a call is frozen once the call's deadline has passed.
 */
export async function requireCallAcceptsChanges(tx: DbOrTx, callId: string | null, now: Date, action: string): Promise<void> {
  if (!callId) return;
  const [call] = await tx.select({ status: calls.status, deadline: calls.deadline }).from(calls).where(eq(calls.id, callId)).limit(1);
  if (call && !acceptsProposals(call, now)) throw proposalFrozen(action);
}

/**
 * What the negotiations module asks before the enterprise opens a room on a proposal to a call: the
 * council decides such proposals, so a room opens only once it has funded this one for negotiation.
 * Before, the enterprise could open a room on a submitted call proposal and agree terms past the council.
 */
export async function requireCouncilFunded(tx: DbOrTx, proposal: { id: string; callId: string | null }): Promise<void> {
  if (!proposal.callId) return;
  const [outcome] = await tx.select({ funded: callOutcomes.funded }).from(callOutcomes).where(eq(callOutcomes.proposalId, proposal.id)).limit(1);
  if (!outcome?.funded) throw decidedByCouncil();
}
