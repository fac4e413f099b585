import { sql } from 'drizzle-orm';
import type { Db, Database, Tx } from '../../db/database.ts';
import { rowsOf } from '../../db/rows.ts';
import { diffTerms, keepingDisclosure, termsIssues } from '../../../shared/schemas/terms.ts';
import type { AgreedPayload, ClientWriteFrame, NegotiationEventKind, NegotiationSide } from '../../../shared/schemas/negotiations.ts';
import { auditActorOf, type AuthContext } from '../auth/auth-context.ts';
import { createAuditRepo } from '../audit/audit.repo.ts';
import { createProposalsRepo } from '../proposals/proposals.repo.ts';
import { createPartnershipFromAgreement } from '../partnerships/partnerships.agreement.ts';
import { aboveFundedAmount, fundingOfProposal } from '../calls/calls.funding.ts';
import { invalidTerms } from '../partnerships/partnerships.errors.ts';
import { authorKeyOf, requireWriter } from './negotiations.access.ts';
import { createNegotiationsRepo, type RoomChange } from './negotiations.repo.ts';
import { createMessageAppender, type MessageToAppend } from './negotiations.append.ts';
import { CredentialChanged, credentialStands, type SocketCredential } from './negotiations.credential.ts';
import type { NegotiationEventRow, NegotiationRow } from './negotiations.table.ts';
import { alreadyAccepted, clientMsgIdReused, negotiationClosed, negotiationNotFound, staleVersion, unknownVersion } from './negotiations.errors.ts';

type Publish = (events: NegotiationEventRow[], tx: Tx) => Promise<void>;

export interface WriteResult {
  /** The seq the ack carries: the write's own event (the first one, when it made several). */
  seq: number;
  /** False when the clientMsgId was seen before: nothing was written. */
  created: boolean;
  /** Every event the write appended, in seq order (accept + agreed when it completed the agreement). */
  events: NegotiationEventRow[];
}

interface Draft {
  kind: NegotiationEventKind;
  payload: Record<string, unknown>;
  /** The member's own event carries the clientMsgId; the server's follow-ups do not. */
  own: boolean;
}

/**
 * Appends a member's write to a room in one transaction: lock the room row (so seq is gap-free and
 * concurrent accepts serialise), return the original seq for a repeated clientMsgId, apply the
 * rules of the frame, take the seqs, insert the events, write the audit log. `publish` runs inside
 * the transaction so NOTIFY goes out exactly when the events commit.
 */
export function createNegotiationWriter({ db, prepare, now = () => new Date(), notifyTemplate = null }: {
  db: Db;
  /** The message batch's statement is prepared once (Database.prepare). */
  prepare: Database['prepare'];
  now?: () => Date;
  /** PostgreSQL: how a message's NOTIFY is written into its one statement (negotiations.append.ts). */
  notifyTemplate?: MessageToAppend['notify'];
}) {
  const repo = createNegotiationsRepo({ db });
  const proposalsRepo = createProposalsRepo({ db });
  const auditRepo = createAuditRepo({ db });

  const appender = createMessageAppender({ db, prepare });
  const acceptedColumn = (side: NegotiationSide) => (side === 'enterprise' ? 'acceptedByEnterprise' : 'acceptedByInstitute');

  /** The rules of each frame: what it appends and how the room changes. */
  async function plan(auth: AuthContext, room: NegotiationRow, side: NegotiationSide, frame: ClientWriteFrame, tx: Tx): Promise<{ drafts: Draft[]; change: RoomChange }> {
    const actor = auditActorOf(auth);
    const audit = (action: string, changes: Record<string, unknown>) =>
      auditRepo.record({ actor, organisationId: auth.organisation?.id ?? null, action: `negotiation.${action}`, entityType: 'negotiation', entityId: room.id, changes }, tx);

    switch (frame.type) {
      case 'message':
        return { drafts: [{ kind: 'message', payload: { text: frame.text }, own: true }], change: {} };

      case 'offer': {
        const terms = keepingDisclosure(frame.terms, room.latestTerms);
        const issues = termsIssues(terms);
        if (issues.length) throw invalidTerms(issues);
        const funding = await fundingOfProposal(room.proposalId, tx);
        if (funding && terms.totalBudgetKzt > funding.amountKzt) throw aboveFundedAmount(terms.totalBudgetKzt, funding);
        const version = room.latestVersion + 1;
        const diff = diffTerms(room.latestTerms, terms);
        await audit('offer', { version, side, diff });
        // A new version withdraws both sides' earlier acceptances: they accepted other terms.
        return {
          drafts: [{ kind: 'offer', payload: { version, side, terms, diff }, own: true }],
          change: { latestVersion: version, latestTerms: terms, acceptedByEnterprise: null, acceptedByInstitute: null },
        };
      }

      case 'accept': {
        if (frame.version > room.latestVersion) throw unknownVersion(frame.version, room.latestVersion);
        if (frame.version < room.latestVersion) throw staleVersion(frame.version, room.latestVersion);
        if (room[acceptedColumn(side)] === frame.version) throw alreadyAccepted(frame.version);
        // The first version is the proposal's own: above a smaller funded amount it must be countered first.
        const funding = await fundingOfProposal(room.proposalId, tx);
        if (funding && room.latestTerms.totalBudgetKzt > funding.amountKzt) throw aboveFundedAmount(room.latestTerms.totalBudgetKzt, funding);
        await audit('accept', { version: frame.version, side });
        const drafts: Draft[] = [{ kind: 'accept', payload: { version: frame.version, side }, own: true }];
        const otherSide: NegotiationSide = side === 'enterprise' ? 'institute' : 'enterprise';
        if (room[acceptedColumn(otherSide)] !== frame.version) return { drafts, change: { [acceptedColumn(side)]: frame.version } };

        // Both sides accepted this version: the agreement, in this same transaction.
        const moved = await proposalsRepo.setStatus(room.proposalId, 'in_negotiation', { status: 'agreed', statusChangedAt: now() }, tx);
        if (!moved) throw negotiationClosed('ended');
        const partnership = await createPartnershipFromAgreement({ db }, tx, {
          proposalId: room.proposalId, terms: room.latestTerms, termsVersion: frame.version, negotiationId: room.id, callId: funding?.callId ?? null, actor, agreedAt: now(),
        });
        await audit('agree', { version: frame.version, partnershipId: partnership.id });
        const agreed: AgreedPayload = { version: frame.version, partnershipId: partnership.id };
        drafts.push({ kind: 'agreed', payload: { ...agreed, terms: room.latestTerms }, own: false });
        return { drafts, change: { [acceptedColumn(side)]: frame.version, status: 'agreed', partnershipId: partnership.id } };
      }

      case 'withdraw': {
        // The institute withdraws its proposal; the enterprise declines it, with the reason as the note.
        const moved = side === 'institute'
          ? await proposalsRepo.setStatus(room.proposalId, 'in_negotiation', { status: 'withdrawn', statusChangedAt: now(), withdrawNote: frame.reason }, tx)
          : await proposalsRepo.setStatus(room.proposalId, 'in_negotiation', { status: 'declined', statusChangedAt: now(), declineReasonCode: 'other', declineNote: frame.reason }, tx);
        if (!moved) throw negotiationClosed('ended');
        await audit('withdraw', { side, reason: frame.reason, proposalStatus: moved.status });
        return { drafts: [{ kind: 'withdraw', payload: { reason: frame.reason, side }, own: true }], change: { status: 'ended', endedReason: frame.reason } };
      }
    }
  }

  return {
    /**
     * `credential` is a socket's (checked again with the write; a changed one throws CredentialChanged);
     * a request authenticated just now passes none.
     */
    async write(auth: AuthContext, frame: ClientWriteFrame, publish?: Publish, credential: SocketCredential | null = null): Promise<WriteResult> {
      const authorKey = authorKeyOf(auth);
      // A message takes one statement; a transactional publish needs the statement to carry its NOTIFY.
      if (frame.type === 'message' && auth.organisation && (!publish || notifyTemplate)) {
        const appended = await appender.append({
          negotiationId: frame.negotiationId, organisationId: auth.organisation.id, authorKey, authorId: auth.user?.id ?? null,
          clientMsgId: frame.clientMsgId, text: frame.text, at: now(), credential, notify: publish ? notifyTemplate : null,
        });
        if (appended.outcome === 'appended') return { seq: appended.event.seq, created: true, events: [appended.event] };
        if (appended.outcome === 'repeated') {
          await requireSameWrite(await repo.findByClientMsgId(frame.negotiationId, authorKey, frame.clientMsgId), frame);
          return { seq: appended.seq, created: false, events: [] };
        }
        if (appended.outcome === 'credential_changed') throw new CredentialChanged();
      }
      const outcome = await db.transaction(async (tx): Promise<WriteResult | { endedWith: string }> => {
        const locked = await repo.lockRoom(frame.negotiationId, tx);
        if (!locked) throw negotiationNotFound();
        const { side } = requireWriter(auth, locked.room);
        if (credential && !(await stillStands(credential, auth, tx))) throw new CredentialChanged();
        const earlier = await repo.findByClientMsgId(locked.room.id, authorKey, frame.clientMsgId, tx);
        if (earlier) {
          await requireSameWrite(earlier, frame);
          return { seq: earlier.seq, created: false, events: [] };
        }

        const room = locked.room;
        if (room.status === 'open' && locked.proposalStatus !== 'in_negotiation') {
          // The proposal left the negotiation through the proposals API: the room ends with it.
          await appendServerEvent(room, 'ended', { reason: `proposal_${locked.proposalStatus}` }, tx, publish);
          await repo.updateRoom(room.id, { status: 'ended', endedReason: `proposal_${locked.proposalStatus}` }, tx);
          await auditRepo.record({ actor: { userId: null, tokenId: null, label: 'negotiation-ending' }, organisationId: null, action: 'negotiation.end', entityType: 'negotiation', entityId: room.id, changes: { reason: `proposal_${locked.proposalStatus}`, proposalId: room.proposalId } }, tx);
          // Commit the ending, then refuse the write.
          return { endedWith: 'ended' };
        }
        if (room.status !== 'open') throw negotiationClosed(room.status);

        const { drafts, change } = await plan(auth, room, side, frame, tx);
        const at = now();
        const events: NegotiationEventRow[] = [];
        for (const draft of drafts) {
          const seq = await repo.takeSeq(room.id, tx);
          events.push(await repo.insertEvent({
            negotiationId: room.id, seq, kind: draft.kind, payload: draft.payload, createdAt: at,
            clientMsgId: draft.own ? frame.clientMsgId : null, authorId: draft.own ? (auth.user?.id ?? null) : null, authorKey: draft.own ? authorKey : null,
          }, tx));
        }
        if (Object.keys(change).length) await repo.updateRoom(room.id, change, tx);
        await publish?.(events, tx);
        return { seq: events[0].seq, created: true, events };
      });
      if ('endedWith' in outcome) throw negotiationClosed(outcome.endedWith);
      return outcome;
    },
  };

  /**
   * A repeated clientMsgId is a resend of the same write; the same id on another kind of write, or on a
   * message, accept or withdraw that says something else, is a client's mistake that must not pass as done.
   * (An offer's stored terms carry the room's disclosure, so offers compare by kind.)
   */
  async function requireSameWrite(earlier: NegotiationEventRow | null, frame: ClientWriteFrame) {
    if (!earlier) return;
    const payload = earlier.payload as Record<string, unknown>;
    const same = earlier.kind === frame.type && (
      frame.type === 'message' ? payload.text === frame.text
        : frame.type === 'accept' ? payload.version === frame.version
          : frame.type === 'withdraw' ? payload.reason === frame.reason
            : true);
    if (!same) throw clientMsgIdReused(frame.clientMsgId, earlier.seq);
  }

  async function stillStands(credential: SocketCredential, auth: AuthContext, tx: Tx): Promise<boolean> {
    if (!auth.organisation) return false;
    const [row] = rowsOf<{ ok: boolean }>(await tx.execute(sql`select ${credentialStands(credential, auth.organisation.id)} as ok`));
    return row.ok;
  }

  async function appendServerEvent(room: NegotiationRow, kind: NegotiationEventKind, payload: Record<string, unknown>, tx: Tx, publish?: Publish) {
    const seq = await repo.takeSeq(room.id, tx);
    const event = await repo.insertEvent({ negotiationId: room.id, seq, kind, payload, createdAt: now(), clientMsgId: null, authorId: null, authorKey: null }, tx);
    await publish?.([event], tx);
  }
}
export type NegotiationWriter = ReturnType<typeof createNegotiationWriter>;
