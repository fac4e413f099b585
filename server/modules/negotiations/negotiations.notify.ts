import { sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import { rowsOf } from '../../db/rows.ts';
import type { TaskMatchPayload } from '../../../shared/schemas/alerts.ts';
import type { NegotiationEventKind } from '../../../shared/schemas/negotiations.ts';
import { notifications } from '../alerts/alerts.table.ts';
import type { NotificationsHub } from '../alerts/notifications.hub.ts';
import type { NotificationRow } from '../alerts/notifications.repo.ts';
import { createNegotiationsRepo } from './negotiations.repo.ts';
import type { RoomsHub } from './negotiations.rooms.ts';
import type { NegotiationEventRow } from './negotiations.table.ts';

type NotifiedEvent = 'message' | 'offer' | 'agreed' | 'ended';

/** What a burst of events is about, the weightiest first. */
const WEIGHT: Partial<Record<NegotiationEventKind, NotifiedEvent>> = { agreed: 'agreed', withdraw: 'ended', ended: 'ended', offer: 'offer', accept: 'offer', message: 'message' };
const ORDER: NotifiedEvent[] = ['agreed', 'ended', 'offer', 'message'];

export const NOTIFY_DELAY_MS = 3000;
/** Due rooms are written together: at most one flush this often, however many rooms are busy. */
const FLUSH_GAP_MS = 250;
const ROOM_FACTS_TTL_MS = 60_000;
const ROOM_FACTS_MAX = 10_000;
const INSERT_CHUNK = 500;

/** A notification to write: who, which room, what it says. */
type ActivityRow = { user_id: string; subject_id: string; payload: TaskMatchPayload };

type RoomFacts = {
  room: { taskId: string; proposalId: string; enterpriseOrganisationId: string };
  taskTitle: string;
  enterpriseName: string;
  instituteName: string;
  people: Array<{ userId: string; organisationId: string }>;
  expiresAt: number;
};

/**
 * Tells members who are not in a room that something happened there: activity gathers for a few
 * seconds, then each absent member gets one `negotiation_activity` notification per room (also in
 * the e-mail digest). While they have not read it, more activity does not add another; once read,
 * the next burst renews it. Several processes may notify about the same room: the renewal only
 * happens for a read notification, so they cannot double it. Every room due at a moment is written
 * in one statement, and who belongs to a room (it changes rarely) is remembered for a minute: a
 * thousand busy rooms cost a few statements a second, not two per room.
 */
export function createOfflineNotifier({ db, hub, notificationsHub, log, delayMs = NOTIFY_DELAY_MS }: {
  db: Db;
  hub: RoomsHub;
  notificationsHub: NotificationsHub;
  log: { warn(object: object, message: string): void };
  delayMs?: number;
}) {
  const repo = createNegotiationsRepo({ db });
  const pending = new Map<string, { due: number; events: Set<NotifiedEvent>; authors: Set<string> }>();
  const facts = new Map<string, RoomFacts>();
  let timer: NodeJS.Timeout | null = null;
  let lastFlush = 0;
  let flushing: Promise<void> = Promise.resolve();
  let closed = false;

  function arm() {
    if (timer || closed || !pending.size) return;
    let earliest = Infinity;
    for (const entry of pending.values()) earliest = Math.min(earliest, entry.due);
    const at = Math.max(earliest, lastFlush + FLUSH_GAP_MS);
    timer = setTimeout(() => {
      timer = null;
      lastFlush = Date.now();
      flushing = flushing.then(flush).catch((error: Error) => log.warn({ err: error.message }, 'negotiation notifications not written')).finally(arm);
    }, Math.max(0, at - Date.now()));
    timer.unref();
  }

  async function factsOf(negotiationIds: string[]): Promise<Map<string, RoomFacts>> {
    const now = Date.now();
    const missing = negotiationIds.filter((id) => (facts.get(id)?.expiresAt ?? -Infinity) <= now);
    if (missing.length) {
      if (facts.size + missing.length > ROOM_FACTS_MAX) facts.clear();
      const rooms = await repo.findManyWithParties(missing);
      const people = await repo.listRoomParticipants(missing);
      const peopleOf = new Map<string, RoomFacts['people']>();
      for (const person of people) {
        if (!peopleOf.has(person.negotiationId)) peopleOf.set(person.negotiationId, []);
        peopleOf.get(person.negotiationId)!.push(person);
      }
      // Each room's facts expire at their own moment (±25 %), so rooms that became busy together are
      // not all read again in the same flush a minute later.
      for (const found of rooms) facts.set(found.room.id, { ...found, people: peopleOf.get(found.room.id) ?? [], expiresAt: now + ROOM_FACTS_TTL_MS * (0.75 + Math.random() / 2) });
    }
    return facts;
  }

  async function flush() {
    const now = Date.now();
    const due = [...pending].filter(([, entry]) => entry.due <= now);
    for (const [negotiationId] of due) pending.delete(negotiationId);
    if (!due.length) return;
    const known = await factsOf(due.map(([negotiationId]) => negotiationId));
    const rows = due.flatMap(([negotiationId, entry]): ActivityRow[] => {
      const found = known.get(negotiationId);
      if (!found) return [];
      const event = ORDER.find((kind) => entry.events.has(kind))!;
      const { room } = found;
      return found.people
        .filter((person) => !entry.authors.has(person.userId) && !hub.isPresent(negotiationId, person.userId))
        .map((person) => {
          const isEnterprise = person.organisationId === room.enterpriseOrganisationId;
          const payload: TaskMatchPayload = {
            taskId: room.taskId,
            title: found.taskTitle,
            organisationName: isEnterprise ? found.instituteName : found.enterpriseName,
            reason: { kind: 'negotiation', event, negotiationId, proposalId: room.proposalId, proposalTitle: found.taskTitle },
            link: `/negotiations/${negotiationId}`,
          };
          return { user_id: person.userId, subject_id: negotiationId, payload };
        });
    });
    for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
      const created = await upsertActivity(rows.slice(start, start + INSERT_CHUNK));
      notificationsHub.publishStored(created);
    }
  }

  /**
   * One statement per chunk, the rows as one JSON parameter: people who still have an unread
   * notification for the room are left out before the upsert (it would find them too, but it locks
   * and writes each conflicting row even when it changes nothing); a read one is renewed.
   */
  async function upsertActivity(rows: ActivityRow[]): Promise<NotificationRow[]> {
    const created = rowsOf<NotificationRow & { createdAt: Date | string }>(await db.execute(sql`
      insert into ${notifications} (user_id, kind, subject_id, payload)
      select x.user_id, 'negotiation_activity', x.subject_id, x.payload
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(user_id uuid, subject_id uuid, payload jsonb)
      where not exists (
        select 1 from ${notifications} n
        where n.user_id = x.user_id and n.kind = 'negotiation_activity' and n.subject_id = x.subject_id and n.read_at is null)
      on conflict (user_id, kind, subject_id) do update
        set payload = excluded.payload, created_at = now(), read_at = null, emailed_at = null
        -- An unread notification already says "something happened here".
        where ${notifications}.read_at is not null
      returning id, user_id as "userId", kind, subject_id as "subjectId", payload, created_at as "createdAt", read_at as "readAt", emailed_at as "emailedAt"`));
    // Raw rows: a timestamp may come back as text, where the query builder would have made it a Date.
    return created.map((row) => ({ ...row, createdAt: new Date(row.createdAt) }));
  }

  return {
    schedule(negotiationId: string, events: NegotiationEventRow[]) {
      const kinds = events.map((event) => WEIGHT[event.kind]).filter((kind): kind is NotifiedEvent => kind !== undefined);
      if (!kinds.length || closed) return;
      let entry = pending.get(negotiationId);
      if (!entry) {
        entry = { due: Date.now() + delayMs, events: new Set(), authors: new Set() };
        pending.set(negotiationId, entry);
      }
      for (const kind of kinds) entry.events.add(kind);
      for (const event of events) if (event.authorId) entry.authors.add(event.authorId);
      arm();
    },

    /** Pending bursts are dropped at shutdown (the events are stored; the unread counts still show them). */
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
      pending.clear();
      await flushing;
      facts.clear();
    },
  };
}
