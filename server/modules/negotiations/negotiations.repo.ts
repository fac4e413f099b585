import { and, asc, desc, eq, gt, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db, DbOrTx } from '../../db/database.ts';
import { memberships, organisations } from '../organisations/organisations.table.ts';
import { users } from '../users/users.table.ts';
import { tasks } from '../tasks/tasks.table.ts';
import { proposals } from '../proposals/proposals.table.ts';
import type { NegotiationEventKind, NegotiationStatus } from '../../../shared/schemas/negotiations.ts';
import type { ProposalStatus } from '../../../shared/schemas/proposals.ts';
import type { Terms } from '../../../shared/schemas/terms.ts';
import { negotiationEvents, negotiationReads, negotiations, type NegotiationEventRow, type NegotiationRow } from './negotiations.table.ts';

const enterprise = alias(organisations, 'enterprise');
const institute = alias(organisations, 'institute');

/** What a room change may touch, column by column (never a spread of a request). */
export interface RoomChange {
  status?: NegotiationStatus;
  latestVersion?: number;
  latestTerms?: Terms;
  acceptedByEnterprise?: number | null;
  acceptedByInstitute?: number | null;
  partnershipId?: string;
  endedReason?: string;
}

export interface NewEvent {
  negotiationId: string;
  seq: number;
  kind: NegotiationEventKind;
  clientMsgId: string | null;
  authorId: string | null;
  authorKey: string | null;
  payload: Record<string, unknown>;
  createdAt: Date;
}

/** Which rooms a listing covers: one organisation's, or every room (program offices, admins). */
export interface RoomScope {
  organisationId?: string;
  status?: NegotiationStatus;
}

export function createNegotiationsRepo({ db }: { db: Db }) {
  const selectWithParties = (tx: DbOrTx, readerKey: string | null, readerId: string | null) =>
    tx
      .select({
        room: negotiations,
        taskTitle: sql<string>`coalesce(${tasks.title}, ${proposals.title})`,
        enterpriseName: enterprise.name,
        instituteName: institute.name,
        // Events by others after the reader's marker; a token (no person) has no marker and no unread.
        unread: readerId
          ? sql<number>`(select count(*)::int from ${negotiationEvents} e where e.negotiation_id = ${negotiations.id}
              and e.seq > coalesce((select r.last_read_seq from ${negotiationReads} r where r.negotiation_id = ${negotiations.id} and r.user_id = ${readerId}), 0)
              and e.author_key is distinct from ${readerKey})`
          : sql<number>`0`,
      })
      .from(negotiations)
      .innerJoin(tasks, eq(tasks.id, negotiations.taskId))
      .innerJoin(proposals, eq(proposals.id, negotiations.proposalId))
      .innerJoin(enterprise, eq(enterprise.id, negotiations.enterpriseOrganisationId))
      .innerJoin(institute, eq(institute.id, negotiations.instituteOrganisationId));

  return {
    async findWithParties(id: string, reader: { key: string | null; userId: string | null }, tx: DbOrTx = db) {
      const [row] = await selectWithParties(tx, reader.key, reader.userId).where(eq(negotiations.id, id)).limit(1);
      return row ?? null;
    },

    async listWithParties(scope: RoomScope, reader: { key: string | null; userId: string | null }, limit: number, tx: DbOrTx = db) {
      const conditions: SQL[] = [];
      if (scope.organisationId) {
        conditions.push(or(eq(negotiations.enterpriseOrganisationId, scope.organisationId), eq(negotiations.instituteOrganisationId, scope.organisationId))!);
      }
      if (scope.status) conditions.push(eq(negotiations.status, scope.status));
      return selectWithParties(tx, reader.key, reader.userId)
        .where(conditions.length ? and(...conditions) : undefined)
        .orderBy(desc(negotiations.updatedAt), desc(negotiations.id))
        .limit(limit);
    },

    /** Rooms with their parties' names, for notifying about many rooms at once. */
    async findManyWithParties(ids: string[], tx: DbOrTx = db) {
      if (!ids.length) return [];
      return selectWithParties(tx, null, null).where(inArray(negotiations.id, ids));
    },

    /** The people of both parties of each room. */
    async listRoomParticipants(ids: string[], tx: DbOrTx = db) {
      if (!ids.length) return [];
      return tx
        .select({ negotiationId: negotiations.id, userId: memberships.userId, organisationId: memberships.organisationId })
        .from(negotiations)
        .innerJoin(memberships, or(eq(memberships.organisationId, negotiations.enterpriseOrganisationId), eq(memberships.organisationId, negotiations.instituteOrganisationId)))
        .where(inArray(negotiations.id, ids));
    },

    async findByProposal(proposalId: string, tx: DbOrTx = db): Promise<NegotiationRow | null> {
      const [row] = await tx.select().from(negotiations).where(eq(negotiations.proposalId, proposalId)).limit(1);
      return row ?? null;
    },

    async findById(id: string, tx: DbOrTx = db): Promise<NegotiationRow | null> {
      const [row] = await tx.select().from(negotiations).where(eq(negotiations.id, id)).limit(1);
      return row ?? null;
    },

    /** The room row, locked until the transaction ends: every writer of the room queues here. */
    async lockRoom(id: string, tx: DbOrTx): Promise<{ room: NegotiationRow; proposalStatus: ProposalStatus } | null> {
      const [row] = await tx
        .select({ room: negotiations, proposalStatus: proposals.status })
        .from(negotiations)
        .innerJoin(proposals, eq(proposals.id, negotiations.proposalId))
        .where(eq(negotiations.id, id))
        .for('update', { of: negotiations });
      return row ?? null;
    },

    /** Null when the proposal already has a room (a concurrent open won). */
    async insertRoom(values: { proposalId: string; taskId: string; enterpriseOrganisationId: string; instituteOrganisationId: string; terms: Terms; now: Date }, tx: DbOrTx = db): Promise<NegotiationRow | null> {
      const [row] = await tx
        .insert(negotiations)
        .values({
          proposalId: values.proposalId,
          taskId: values.taskId,
          enterpriseOrganisationId: values.enterpriseOrganisationId,
          instituteOrganisationId: values.instituteOrganisationId,
          latestVersion: 1,
          latestTerms: values.terms,
          createdAt: values.now,
          updatedAt: values.now,
        })
        .onConflictDoNothing({ target: negotiations.proposalId })
        .returning();
      return row ?? null;
    },

    /** Takes the next seq of a locked room. */
    async takeSeq(id: string, tx: DbOrTx): Promise<number> {
      const [row] = await tx.update(negotiations).set({ lastSeq: sql`${negotiations.lastSeq} + 1`, updatedAt: new Date() }).where(eq(negotiations.id, id)).returning({ lastSeq: negotiations.lastSeq });
      return row.lastSeq;
    },

    async updateRoom(id: string, change: RoomChange, tx: DbOrTx): Promise<void> {
      await tx
        .update(negotiations)
        .set({
          ...(change.status !== undefined ? { status: change.status } : {}),
          ...(change.latestVersion !== undefined ? { latestVersion: change.latestVersion } : {}),
          ...(change.latestTerms !== undefined ? { latestTerms: change.latestTerms } : {}),
          ...(change.acceptedByEnterprise !== undefined ? { acceptedByEnterprise: change.acceptedByEnterprise } : {}),
          ...(change.acceptedByInstitute !== undefined ? { acceptedByInstitute: change.acceptedByInstitute } : {}),
          ...(change.partnershipId !== undefined ? { partnershipId: change.partnershipId } : {}),
          ...(change.endedReason !== undefined ? { endedReason: change.endedReason } : {}),
          updatedAt: new Date(),
        })
        .where(eq(negotiations.id, id));
    },

    async findByClientMsgId(negotiationId: string, authorKey: string, clientMsgId: string, tx: DbOrTx = db): Promise<NegotiationEventRow | null> {
      const [row] = await tx
        .select()
        .from(negotiationEvents)
        .where(and(eq(negotiationEvents.negotiationId, negotiationId), eq(negotiationEvents.authorKey, authorKey), eq(negotiationEvents.clientMsgId, clientMsgId)))
        .limit(1);
      return row ?? null;
    },

    async insertEvent(event: NewEvent, tx: DbOrTx): Promise<NegotiationEventRow> {
      const [row] = await tx
        .insert(negotiationEvents)
        .values({
          negotiationId: event.negotiationId,
          seq: event.seq,
          kind: event.kind,
          clientMsgId: event.clientMsgId,
          authorId: event.authorId,
          authorKey: event.authorKey,
          payload: event.payload,
          createdAt: event.createdAt,
        })
        .returning();
      return row;
    },

    /** Events after `afterSeq` (oldest first), or the page just before `beforeSeq` (still in seq order). */
    async listEvents(negotiationId: string, page: { afterSeq?: number; beforeSeq?: number; limit: number }, tx: DbOrTx = db): Promise<NegotiationEventRow[]> {
      const conditions: SQL[] = [eq(negotiationEvents.negotiationId, negotiationId)];
      if (page.afterSeq !== undefined) conditions.push(gt(negotiationEvents.seq, page.afterSeq));
      if (page.beforeSeq !== undefined) {
        conditions.push(lt(negotiationEvents.seq, page.beforeSeq));
        const newestFirst = await tx.select().from(negotiationEvents).where(and(...conditions)).orderBy(desc(negotiationEvents.seq)).limit(page.limit);
        return newestFirst.reverse();
      }
      return tx.select().from(negotiationEvents).where(and(...conditions)).orderBy(asc(negotiationEvents.seq)).limit(page.limit);
    },

    /** Moves the reader's marker forward only (a stale read frame never un-reads), up to the room's last seq. */
    async markRead(negotiationId: string, userId: string, seq: number, tx: DbOrTx = db): Promise<void> {
      await tx.execute(sql`
        insert into ${negotiationReads} (negotiation_id, user_id, last_read_seq, updated_at)
        select ${negotiationId}, ${userId}, least(${seq}::int, n.last_seq), now() from ${negotiations} n where n.id = ${negotiationId}
        on conflict (negotiation_id, user_id) do update set last_read_seq = greatest(${negotiationReads.lastReadSeq}, excluded.last_read_seq), updated_at = now()`);
    },
  };
}
export type NegotiationsRepo = ReturnType<typeof createNegotiationsRepo>;
export type RoomWithParties = NonNullable<Awaited<ReturnType<NegotiationsRepo['findWithParties']>>>;
