// From a proposal to its negotiation room: the enterprise opens (or reopens: the server answers the
// same room) with POST; anyone finds an existing room in their own list, fetched once for a page of proposals.
import type { Negotiation } from '$shared/schemas/negotiations.ts';
import type { ProposalStatus } from '$shared/schemas/proposals.ts';
import { listNegotiations, openNegotiation } from '../api/negotiations.ts';

/** The proposal statuses from which the enterprise may start a negotiation. */
export const NEGOTIABLE_STATUSES: readonly ProposalStatus[] = ['submitted', 'shortlisted'];
/** The statuses in which a room exists. */
export const NEGOTIATED_STATUSES: readonly ProposalStatus[] = ['in_negotiation', 'agreed'];

const FRESH_MS = 5000;
let cached: { at: number; list: Promise<Negotiation[]> } | null = null;

export async function findNegotiationFor(proposalId: string): Promise<Negotiation | null> {
  if (!cached || Date.now() - cached.at > FRESH_MS) {
    const list = listNegotiations({ mine: true }).then((page) => page.items);
    cached = { at: Date.now(), list };
    list.catch(() => (cached = null));
  }
  const items = await cached.list;
  return items.find((room) => room.proposalId === proposalId) ?? null;
}

export async function startNegotiation(proposalId: string): Promise<string> {
  const { negotiationId } = await openNegotiation(proposalId);
  cached = null;
  return negotiationId;
}
