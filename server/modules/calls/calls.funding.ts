import { and, eq, notInArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/database.ts';
import { AppError } from '../../errors.ts';
import { proposals } from '../proposals/proposals.table.ts';
import { calls } from './calls.table.ts';
import { callOutcomes } from './council.table.ts';

/** What a call's council funded for one proposal: the ceiling of every total agreed for it afterwards. */
export interface CallFunding {
  callId: string;
  programOfficeId: string;
  amountKzt: number;
}

/** The funding a proposal won in a call, or null when it was not funded through one. */
export async function fundingOfProposal(proposalId: string, tx: DbOrTx): Promise<CallFunding | null> {
  const [row] = await tx
    .select({ callId: callOutcomes.callId, programOfficeId: calls.programOfficeId, amountKzt: callOutcomes.amountKzt })
    .from(callOutcomes)
    .innerJoin(calls, eq(calls.id, callOutcomes.callId))
    .where(and(eq(callOutcomes.proposalId, proposalId), eq(callOutcomes.funded, true)))
    .limit(1);
  return row && row.amountKzt !== null ? { callId: row.callId, programOfficeId: row.programOfficeId, amountKzt: row.amountKzt } : null;
}

/**
 * What a call's envelope has given away: the amounts of its funded outcomes, except those whose
 * proposal then left without an agreement (withdrawn or declined in the negotiation): that money is
 * free again for the proposals still to be decided.
 */
export async function committedOfCall(callId: string, tx: DbOrTx): Promise<number> {
  const [row] = await tx
    .select({ total: sql<string>`coalesce(sum(${callOutcomes.amountKzt}), 0)` })
    .from(callOutcomes)
    .innerJoin(proposals, eq(proposals.id, callOutcomes.proposalId))
    .where(and(eq(callOutcomes.callId, callId), eq(callOutcomes.funded, true), notInArray(proposals.status, ['withdrawn', 'declined'])));
  return Number(row.total);
}

/** Terms above what the council funded: the negotiation (or a later change) must stay within it. */
export const aboveFundedAmount = (totalKzt: number, funding: CallFunding) =>
  new AppError(409, 'calls.above_funded_amount', `The call's council funded this proposal with ${funding.amountKzt} ₸; terms totalling ${totalKzt} ₸ cannot be agreed. Offer a total within the funded amount.`, {
    totalKzt,
    fundedKzt: funding.amountKzt,
    callId: funding.callId,
  });
