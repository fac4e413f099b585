import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/database.ts';
import { calls, type CallRow } from './calls.table.ts';
import { proposalFrozen } from './calls.errors.ts';

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
