// A room ended from outside it: when its proposal leaves the negotiation through the proposals API
// (withdrawn by the institute, declined by the enterprise), the room ends in the same transaction as
// the status change and its `ended` event goes out live like every other event. Before, the room
// ended lazily at its next write and, on the embedded database, the event was never pushed at all.
import type { Db, Tx } from '../../db/database.ts';
import type { Fanout } from '../../db/fanout.ts';
import type { ProposalStatus } from '../../../shared/schemas/proposals.ts';
import { createAuditRepo, type AuditActor } from '../audit/audit.repo.ts';
import { createNegotiationsRepo } from './negotiations.repo.ts';
import { publishRoomEvents } from './negotiations.rooms.ts';
import type { NegotiationEventRow, NegotiationRow } from './negotiations.table.ts';

export interface NegotiationEndingDeps {
  db: Db;
  /** Where committed events go live: NOTIFY inside the transaction on PostgreSQL, in-process after it on PGlite. */
  live?: { fanout: Fanout; inTransaction: boolean };
  now?: () => Date;
}

export function createNegotiationEnding({ db, live, now = () => new Date() }: NegotiationEndingDeps) {
  const repo = createNegotiationsRepo({ db });
  const auditRepo = createAuditRepo({ db });

  return {
    /**
     * The proposal's open room, locked, or null. Call it before changing the proposal row: a room
     * write locks the room first and then the proposal, and taking them in the same order here
     * means the two can never deadlock.
     */
    async lockOpenRoom(proposalId: string, tx: Tx): Promise<NegotiationRow | null> {
      const room = await repo.findByProposal(proposalId, tx);
      if (!room || room.status !== 'open') return null;
      const locked = await repo.lockRoom(room.id, tx);
      return locked?.room.status === 'open' ? locked.room : null;
    },

    /** Appends `ended`, closes the room and audits it, in the caller's transaction; answers the events for `afterCommit`. */
    async end(room: NegotiationRow, proposalStatus: ProposalStatus, who: { actor: AuditActor; organisationId: string | null }, tx: Tx): Promise<NegotiationEventRow[]> {
      const reason = `proposal_${proposalStatus}`;
      const seq = await repo.takeSeq(room.id, tx);
      const event = await repo.insertEvent({ negotiationId: room.id, seq, kind: 'ended', payload: { reason }, createdAt: now(), clientMsgId: null, authorId: null, authorKey: null }, tx);
      await repo.updateRoom(room.id, { status: 'ended', endedReason: reason }, tx);
      await auditRepo.record({ actor: who.actor, organisationId: who.organisationId, action: 'negotiation.end', entityType: 'negotiation', entityId: room.id, changes: { reason, proposalId: room.proposalId } }, tx);
      if (live?.inTransaction) await publishRoomEvents(live.fanout, [event], tx);
      return [event];
    },

    /** The in-process fan-out delivers at once, so it waits for the commit: a rolled-back ending is never shown. */
    async afterCommit(events: NegotiationEventRow[]): Promise<void> {
      if (live && !live.inTransaction && events.length) await publishRoomEvents(live.fanout, events);
    },
  };
}
export type NegotiationEnding = ReturnType<typeof createNegotiationEnding>;
