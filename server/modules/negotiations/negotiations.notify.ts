import { sql } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import type { TaskMatchPayload } from '../../../shared/schemas/alerts.ts';
import type { NegotiationEventKind } from '../../../shared/schemas/negotiations.ts';
import { notifications } from '../alerts/alerts.table.ts';
import type { NotificationRow } from '../alerts/notifications.repo.ts';
import { toNotification } from '../alerts/notifications.service.ts';
import type { NotificationsHub } from '../alerts/notifications.hub.ts';
import { createNegotiationsRepo } from './negotiations.repo.ts';
import type { RoomsHub } from './negotiations.rooms.ts';
import type { NegotiationEventRow } from './negotiations.table.ts';

type NotifiedEvent = 'message' | 'offer' | 'agreed' | 'ended';

/** What a burst of events is about, the weightiest first. */
const WEIGHT: Partial<Record<NegotiationEventKind, NotifiedEvent>> = { agreed: 'agreed', withdraw: 'ended', ended: 'ended', offer: 'offer', accept: 'offer', message: 'message' };
const ORDER: NotifiedEvent[] = ['agreed', 'ended', 'offer', 'message'];

export const NOTIFY_DELAY_MS = 3000;
const PARTICIPANTS_TTL_MS = 60_000;

/**
 * Tells members who are not in a room that something happened there: activity gathers for a few
 * seconds, then each absent member gets one `negotiation_activity` notification per room (also in
 * the e-mail digest). While they have not read it, more activity does not add another; once read,
 * the next burst renews it. Several processes may notify about the same room: the renewal only
 * happens for a read notification, so they cannot double it.
 */
export function createOfflineNotifier({ db, hub, notificationsHub, log, delayMs = NOTIFY_DELAY_MS }: {
  db: Db;
  hub: RoomsHub;
  notificationsHub: NotificationsHub;
  log: { warn(object: object, message: string): void };
  delayMs?: number;
}) {
  const repo = createNegotiationsRepo({ db });
  const pending = new Map<string, { timer: NodeJS.Timeout; events: Set<NotifiedEvent>; authors: Set<string> }>();
  const running = new Set<Promise<void>>();
  // Who belongs to a room changes rarely; a busy room where everyone is present then costs no query.
  const participants = new Map<string, { at: number; people: Awaited<ReturnType<typeof repo.listParticipants>> }>();

  async function participantsOf(negotiationId: string) {
    const cached = participants.get(negotiationId);
    if (cached && Date.now() - cached.at < PARTICIPANTS_TTL_MS) return cached.people;
    if (participants.size > 10_000) participants.clear();
    const room = await repo.findById(negotiationId);
    const people = room ? await repo.listParticipants([room.enterpriseOrganisationId, room.instituteOrganisationId]) : [];
    participants.set(negotiationId, { at: Date.now(), people });
    return people;
  }

  async function notify(negotiationId: string, event: NotifiedEvent, authors: Set<string>) {
    const people = await participantsOf(negotiationId);
    const absent = people.filter((person) => !authors.has(person.userId) && !hub.isPresent(negotiationId, person.userId));
    if (!absent.length) return;
    const found = await repo.findWithParties(negotiationId, { key: null, userId: null });
    if (!found) return;
    const { room } = found;
    const rows = absent.map((person) => {
      const isEnterprise = person.organisationId === room.enterpriseOrganisationId;
      const payload: TaskMatchPayload = {
        taskId: room.taskId,
        title: found.taskTitle,
        organisationName: isEnterprise ? found.instituteName : found.enterpriseName,
        reason: { kind: 'negotiation', event, negotiationId, proposalId: room.proposalId, proposalTitle: found.taskTitle },
        link: `/negotiations/${negotiationId}`,
      };
      return { userId: person.userId, kind: 'negotiation_activity' as const, subjectId: negotiationId, payload: payload as unknown as Record<string, unknown> };
    });
    const created = (await db
      .insert(notifications)
      .values(rows)
      .onConflictDoUpdate({
        target: [notifications.userId, notifications.kind, notifications.subjectId],
        set: { payload: sql`excluded.payload`, createdAt: sql`now()`, readAt: sql`null`, emailedAt: sql`null` },
        // An unread notification already says "something happened here".
        setWhere: sql`${notifications.readAt} is not null`,
      })
      .returning()) as NotificationRow[];
    for (const row of created) notificationsHub.publish(row.userId, toNotification(row));
  }

  return {
    schedule(negotiationId: string, events: NegotiationEventRow[]) {
      const kinds = events.map((event) => WEIGHT[event.kind]).filter((kind): kind is NotifiedEvent => kind !== undefined);
      if (!kinds.length) return;
      let entry = pending.get(negotiationId);
      if (!entry) {
        const timer = setTimeout(() => {
          const done = pending.get(negotiationId)!;
          pending.delete(negotiationId);
          const event = ORDER.find((kind) => done.events.has(kind))!;
          const run = notify(negotiationId, event, done.authors)
            .catch((error: Error) => log.warn({ err: error.message, negotiationId }, 'negotiation notifications not written'))
            .finally(() => running.delete(run));
          running.add(run);
        }, delayMs);
        timer.unref();
        entry = { timer, events: new Set(), authors: new Set() };
        pending.set(negotiationId, entry);
      }
      for (const kind of kinds) entry.events.add(kind);
      for (const event of events) if (event.authorId) entry.authors.add(event.authorId);
    },

    /** Pending bursts are dropped at shutdown (the events are stored; the unread counts still show them). */
    async close() {
      for (const entry of pending.values()) clearTimeout(entry.timer);
      pending.clear();
      participants.clear();
      await Promise.all(running);
    },
  };
}
