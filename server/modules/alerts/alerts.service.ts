import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/database.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import type { SearchService } from '../search/search.service.ts';
import type { TaskDocument } from '../search/search.documents.ts';
import { conceptLabel } from '../thesaurus/thesaurus.ts';
import type { Locale } from '../../../shared/constants.ts';
import type { NotificationReason, TaskMatchPayload } from '../../../shared/schemas/alerts.ts';
import { createSavedSearchesRepo } from './saved-searches.repo.ts';
import { createNotificationsRepo, type NewNotificationRow } from './notifications.repo.ts';
import type { NotificationsHub } from './notifications.hub.ts';
import type { ProfileMatcher } from './alerts.profiles.ts';

/** Institutes below this match score are not alerted: a weak match in a mailbox is spam. */
export const PROFILE_ALERT_MIN_SCORE = 0.55;
/** Only the best few institutes per task hear about it. */
export const PROFILE_ALERT_TOP = 5;
const PROFILE_CONCEPTS_SHOWN = 3;
/**
 * Tasks published longer ago than this raise no alerts: re-indexing everything after a settings
 * change, or editing an old task, must not wake every inbox.
 */
export const ALERT_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

export interface AlertsDeps {
  db: Db;
  search: Pick<SearchService, 'findMatchingTaskIds'>;
  matchProfiles: ProfileMatcher;
  hub: NotificationsHub;
  log: FastifyBaseLogger;
  now?: () => Date;
}

interface Candidate {
  userId: string;
  task: TaskDocument;
  reason: NotificationReason;
}

const toRow = ({ userId, task, reason }: Candidate): NewNotificationRow => {
  const payload: TaskMatchPayload = { taskId: task.id, title: task.title, organisationName: task.organisationName, reason, link: `/tasks/${task.id}` };
  return { userId, kind: 'task_match', subjectId: task.id, payload };
};

/** Turns newly indexed tasks into notifications: saved searches first, then institute profiles. */
export function createAlertsService({ db, search, matchProfiles, hub, log, now = () => new Date() }: AlertsDeps) {
  const savedSearchesRepo = createSavedSearchesRepo({ db });
  const notificationsRepo = createNotificationsRepo({ db });
  let queue: Promise<unknown> = Promise.resolve();

  function selectFreshTasks(documents: TaskDocument[]) {
    const oldest = now().getTime() - ALERT_MAX_AGE_MS;
    return documents.filter((doc) => doc.status === 'published' && doc.publishedAt !== null && new Date(doc.publishedAt).getTime() >= oldest);
  }

  async function collectSavedSearchAlerts(tasks: TaskDocument[]): Promise<Candidate[]> {
    const rows = await savedSearchesRepo.listWithOwners();
    // Each search runs as its owner, so it finds exactly what they would find themselves.
    const searches = rows.map(({ search, user, organisation, role }) => ({
      auth: {
        via: 'session', tokenId: null, isAdmin: user.isPlatformAdmin,
        user: { id: user.id, email: user.email, fullName: user.fullName, locale: user.locale, isPlatformAdmin: user.isPlatformAdmin },
        organisation: { id: organisation.id, kind: organisation.kind, name: organisation.name, role },
      } satisfies AuthContext,
      query: search.query,
    }));
    const found = await search.findMatchingTaskIds(searches, tasks.map((task) => task.id));
    const byId = new Map(tasks.map((task) => [task.id, task]));
    return rows.flatMap(({ search: saved }, i) =>
      found[i]
        .map((id) => byId.get(id)!)
        // People are not alerted about their own organisation's tasks.
        .filter((task) => task && task.organisationId !== saved.organisationId)
        .map((task) => ({ userId: saved.userId, task, reason: { kind: 'saved_search' as const, savedSearchId: saved.id, name: saved.name } })),
    );
  }

  async function collectProfileAlerts(task: TaskDocument): Promise<Candidate[]> {
    const matches = (await matchProfiles(task.id, PROFILE_ALERT_TOP))
      .slice(0, PROFILE_ALERT_TOP)
      .filter((match) => match.score >= PROFILE_ALERT_MIN_SCORE);
    const members = await notificationsRepo.listMembersOf(matches.map((match) => match.organisationId));
    const byOrganisation = new Map(matches.map((match) => [match.organisationId, match]));
    return members.map(({ userId, locale, organisationId }) => {
      const match = byOrganisation.get(organisationId)!;
      const concepts = match.conceptIds.slice(0, PROFILE_CONCEPTS_SHOWN).map((id) => conceptLabel(id, locale as Locale));
      return { userId, task, reason: { kind: 'profile' as const, score: Math.round(match.score * 100) / 100, concepts } };
    });
  }

  /** Runs one stage; a failure is logged and costs that stage's alerts, never indexing. */
  async function collectSafely(stage: string, collect: () => Promise<Candidate[]>): Promise<Candidate[]> {
    try {
      return await collect();
    } catch (error) {
      log.error({ err: error, stage }, 'alerts: could not work out who to notify');
      return [];
    }
  }

  async function notifyForIndexedTasks(documents: TaskDocument[]): Promise<number> {
    const tasks = selectFreshTasks(documents);
    if (tasks.length === 0) return 0;
    const candidates = await collectSafely('saved_searches', () => collectSavedSearchAlerts(tasks));
    // One task at a time: a bulk import must not fire hundreds of matching queries at once.
    for (const task of tasks) candidates.push(...(await collectSafely('profiles', () => collectProfileAlerts(task))));
    // One per person and task; the saved search came first, and names the more specific reason.
    const unique = new Map(candidates.map((candidate) => [`${candidate.userId}:${candidate.task.id}`, candidate] as const).reverse());
    const created = await notificationsRepo.insertNew([...unique.values()].map(toRow));
    hub.publishStored(created);
    if (created.length) log.info({ tasks: tasks.map((task) => task.id), notifications: created.length }, 'alerts: notified');
    return created.length;
  }

  return {
    notifyForIndexedTasks,
    /** The indexer's listener: runs batches one after another and never throws back into it. */
    enqueue(documents: TaskDocument[]) {
      queue = queue
        .then(() => notifyForIndexedTasks(documents))
        .catch((error) => log.error({ err: error }, 'alerts: notifying failed'));
    },
    /** Resolves when every batch handed to `enqueue` so far is done (tests, shutdown). */
    async whenIdle() {
      for (let seen: Promise<unknown> | null = null; seen !== queue; ) {
        seen = queue;
        await seen;
      }
    },
  };
}
export type AlertsService = ReturnType<typeof createAlertsService>;
