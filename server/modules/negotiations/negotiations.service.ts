import { fundingOfProposal } from '../calls/calls.funding.ts';
import type { Db, Database, Tx } from '../../db/database.ts';
import { forbidden } from '../../errors.ts';
import { initialTermsOf } from '../../../shared/schemas/terms.ts';
import {
  EVENTS_PAGE_MAX, type ClientWriteFrame, type Negotiation, type NegotiationEvent, type NegotiationEventsPage, type NegotiationEventsQuery, type NegotiationStatus,
} from '../../../shared/schemas/negotiations.ts';
import { auditActorOf, isMemberOf, requireSignedIn, type AuthContext } from '../auth/auth-context.ts';
import { createAuditRepo } from '../audit/audit.repo.ts';
import { createProposalsRepo } from '../proposals/proposals.repo.ts';
import { proposalNotFound } from '../proposals/proposals.errors.ts';
import { VISIBLE_TO_ENTERPRISE } from '../proposals/proposals.rules.ts';
import { requireCouncilFunded } from '../calls/calls.gate.ts';
import { accessOf, authorKeyOf, requireReader, type RoomAccess } from './negotiations.access.ts';
import { cannotOpen, negotiationNotFound } from './negotiations.errors.ts';
import { createNegotiationsRepo, type RoomWithParties } from './negotiations.repo.ts';
import type { NegotiationEventRow } from './negotiations.table.ts';
import { createNegotiationWriter, type WriteResult } from './negotiations.writes.ts';
import type { MessageToAppend } from './negotiations.append.ts';
import type { SocketCredential } from './negotiations.credential.ts';

export const EVENTS_PAGE_DEFAULT = 100;
const ROOMS_LIST_MAX = 200;

export function toWireEvent(row: NegotiationEventRow): NegotiationEvent {
  return {
    negotiationId: row.negotiationId,
    seq: row.seq,
    kind: row.kind,
    clientMsgId: row.clientMsgId,
    authorId: row.authorId,
    payload: row.payload,
    createdAt: row.createdAt.toISOString(),
  };
}

function toNegotiation(found: RoomWithParties, access: RoomAccess): Negotiation {
  const { room } = found;
  return {
    id: room.id,
    proposalId: room.proposalId,
    status: room.status,
    task: { id: room.taskId, title: found.taskTitle },
    enterprise: { id: room.enterpriseOrganisationId, name: found.enterpriseName },
    institute: { id: room.instituteOrganisationId, name: found.instituteName },
    side: access.side,
    latestVersion: room.latestVersion,
    latestTerms: room.latestTerms,
    accepted: { enterprise: room.acceptedByEnterprise, institute: room.acceptedByInstitute },
    lastSeq: room.lastSeq,
    unread: Number(found.unread),
    partnershipId: room.partnershipId,
    createdAt: room.createdAt.toISOString(),
    updatedAt: room.updatedAt.toISOString(),
  };
}

const readerOf = (auth: AuthContext) => ({ key: auth.user || auth.tokenId ? authorKeyOf(auth) : null, userId: auth.user?.id ?? null });

export interface NegotiationsDeps {
  db: Db;
  /** Hands committed events to every server process (called inside the write's transaction). */
  publish?: (events: NegotiationEventRow[], tx: Tx) => Promise<void>;
  /** Called after a write committed: offline members are told (negotiations.notify.ts). */
  afterWrite?: (negotiationId: string, events: NegotiationEventRow[]) => void;
  /** With `publish`: how a message's NOTIFY goes into the one statement that appends it. */
  notifyTemplate?: MessageToAppend['notify'];
  /** Hot statements are prepared once (Database.prepare). */
  prepare: Database['prepare'];
  now?: () => Date;
}

export function createNegotiationsService({ db, publish, afterWrite, notifyTemplate = null, prepare, now = () => new Date() }: NegotiationsDeps) {
  const repo = createNegotiationsRepo({ db });
  const proposalsRepo = createProposalsRepo({ db });
  const auditRepo = createAuditRepo({ db });
  const writer = createNegotiationWriter({ db, prepare, now, notifyTemplate });

  async function loadReadable(auth: AuthContext, id: string) {
    requireSignedIn(auth);
    const found = await repo.findWithParties(id, readerOf(auth));
    const access = requireReader(auth, found?.room ?? null);
    return { found: found!, access };
  }

  return {
    /** The task's enterprise opens the room; repeating it answers the same room. */
    async open(auth: AuthContext, proposalId: string): Promise<{ negotiationId: string; created: boolean }> {
      requireSignedIn(auth);
      const found = await proposalsRepo.findById(proposalId);
      if (!found) throw proposalNotFound();
      const isEnterprise = isMemberOf(auth, found.task.organisationId) && VISIBLE_TO_ENTERPRISE.includes(found.proposal.status);
      if (!isEnterprise) {
        if (isMemberOf(auth, found.proposal.organisationId) || auth.isAdmin) throw forbidden("Only the task's enterprise can open a negotiation.");
        throw proposalNotFound();
      }
      const existing = await repo.findByProposal(proposalId);
      if (existing) return { negotiationId: existing.id, created: false };
      const { status } = found.proposal;
      if (status !== 'submitted' && status !== 'shortlisted') throw cannotOpen(status);
      await requireCouncilFunded(db, found.proposal);

      const at = now();
      const terms = initialTermsOf(found.proposal, at.toISOString().slice(0, 10));
      const opened = await db.transaction(async (tx) => {
        // Whoever moves the proposal first opens the room; a concurrent open finds it below.
        if (!(await proposalsRepo.setStatus(proposalId, status, { status: 'in_negotiation', statusChangedAt: at }, tx))) return null;
        const room = await repo.insertRoom({ proposalId, taskId: found.task.id, enterpriseOrganisationId: found.task.organisationId, instituteOrganisationId: found.proposal.organisationId, terms, now: at }, tx);
        if (!room) return null;
        const seq = await repo.takeSeq(room.id, tx);
        const event = await repo.insertEvent({ negotiationId: room.id, seq, kind: 'opened', payload: { proposalId, version: 1, terms }, clientMsgId: null, authorId: null, authorKey: null, createdAt: at }, tx);
        if (auth.user) await repo.markRead(room.id, auth.user.id, seq, tx);
        await auditRepo.record({ actor: auditActorOf(auth), organisationId: found.task.organisationId, action: 'negotiation.open', entityType: 'negotiation', entityId: room.id, changes: { proposalId, terms } }, tx);
        await publish?.([event], tx);
        return { room, event };
      });
      if (opened) {
        afterWrite?.(opened.room.id, [opened.event]);
        return { negotiationId: opened.room.id, created: true };
      }
      const winner = await repo.findByProposal(proposalId);
      if (!winner) throw cannotOpen((await proposalsRepo.findById(proposalId))?.proposal.status ?? 'gone');
      return { negotiationId: winner.id, created: false };
    },

    async get(auth: AuthContext, id: string): Promise<Negotiation> {
      const { found, access } = await loadReadable(auth, id);
      const funding = await fundingOfProposal(found.room.proposalId, db);
      return { ...toNegotiation(found, access), funding: funding ? { callId: funding.callId, amountKzt: funding.amountKzt } : null };
    },

    /** The caller's rooms with unread counts; program offices and admins see every room unless `mine`. */
    async list(auth: AuthContext, query: { mine?: boolean; status?: NegotiationStatus }) {
      requireSignedIn(auth);
      const kind = auth.organisation?.kind;
      const isParty = kind === 'enterprise' || kind === 'institute';
      if (!isParty && !auth.isAdmin && kind !== 'program_office') return { items: [], totalUnread: 0 };
      if (!isParty && query.mine) return { items: [], totalUnread: 0 };
      const rows = await repo.listWithParties({ organisationId: isParty ? auth.organisation!.id : undefined, status: query.status }, readerOf(auth), ROOMS_LIST_MAX);
      const items = rows.map((row) => toNegotiation(row, accessOf(auth, row.room)!));
      return { items, totalUnread: items.reduce((total, item) => total + item.unread, 0) };
    },

    async listEvents(auth: AuthContext, id: string, query: NegotiationEventsQuery): Promise<NegotiationEventsPage> {
      const { found } = await loadReadable(auth, id);
      const limit = Math.min(query.limit ?? EVENTS_PAGE_DEFAULT, EVENTS_PAGE_MAX);
      const rows = await repo.listEvents(id, { afterSeq: query.beforeSeq === undefined ? (query.afterSeq ?? 0) : query.afterSeq, beforeSeq: query.beforeSeq, limit: limit + 1 });
      // One more than asked tells whether another page follows (older ones when paging back).
      const hasMore = rows.length > limit;
      const items = query.beforeSeq === undefined ? rows.slice(0, limit) : rows.slice(rows.length - Math.min(rows.length, limit));
      return { items: items.map(toWireEvent), lastSeq: found.room.lastSeq, hasMore };
    },

    /** Moves the person's read marker; API tokens have no person and no marker. */
    async markRead(auth: AuthContext, id: string, seq: number): Promise<{ unread: number }> {
      const { found } = await loadReadable(auth, id);
      if (!auth.user) return { unread: 0 };
      await repo.markRead(id, auth.user.id, seq);
      const after = await repo.findWithParties(id, readerOf(auth));
      return { unread: Number(after?.unread ?? found.unread) };
    },

    /** A socket passes its credential: the write checks it again (see negotiations.credential.ts). */
    async write(auth: AuthContext, frame: ClientWriteFrame, credential: SocketCredential | null = null): Promise<WriteResult> {
      requireSignedIn(auth);
      const result = await writer.write(auth, frame, publish, credential);
      if (result.created) afterWrite?.(frame.negotiationId, result.events);
      return result;
    },

    /** Membership check for subscribe and typing: a stranger gets not_found, a reader passes. */
    async requireReadable(auth: AuthContext, id: string) {
      const room = await repo.findById(id);
      if (!room) throw negotiationNotFound();
      return { room, access: requireReader(auth, room) };
    },

    listEventsAfter: (id: string, afterSeq: number, limit: number) => repo.listEvents(id, { afterSeq, limit }),
  };
}
export type NegotiationsService = ReturnType<typeof createNegotiationsService>;
