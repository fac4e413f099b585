import { EventEmitter } from 'node:events';
import { eq, inArray } from 'drizzle-orm';
import type { Meilisearch } from 'meilisearch';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/database.ts';
import { tasks, type TaskRow } from '../tasks/tasks.table.ts';
import { organisations } from '../organisations/organisations.table.ts';
import { instituteProfiles } from '../institutes/institutes.table.ts';
import type { CachedEmbedder } from '../embeddings/embedding-cache.ts';
import { createOutboxRepo } from './outbox.repo.ts';
import { searchState } from './search.table.ts';
import { applyIndexSettings, computeSettingsVersion, type IndexNames } from './search.settings.ts';
import { buildInstituteDocument, buildTaskDocument, isIndexableTask, composeInstituteText, composeTaskText, type TaskDocument } from './search.documents.ts';

const SETTINGS_KEY = 'index-settings';
const MAX_BACKOFF_MS = 30_000;

export interface IndexerOptions {
  db: Db;
  meili: Meilisearch;
  indexNames: IndexNames;
  embedder: CachedEmbedder;
  log: FastifyBaseLogger;
  batchSize?: number;
  intervalMs?: number;
  /** Wraps the background loop's runs: null means another process is running one (see Database.runExclusive). */
  exclusive?: <T>(run: () => Promise<T>) => Promise<T | null>;
}

export interface IndexerEvents {
  /** Published tasks that just reached the index (alerts listen to this). */
  tasksIndexed: [documents: TaskDocument[]];
}

/**
 * Drains the search outbox into Meilisearch. Outbox rows are deleted only after Meilisearch
 * confirmed the batch, so an outage delays the index but never loses a change.
 */
// Each Meilisearch task has a fixed cost (~0.5 s on a 2-core box with 20k profiles indexed): 20 000
// profiles took 127 s in batches of 200 and 76 s in batches of 1000 (npm run bench:search).
const DEFAULT_BATCH_SIZE = 1000;
// Batches sent before the oldest is confirmed: Meilisearch indexes one while we read and embed the
// next, and it merges queued additions into one indexing run (20 000 profiles: 53 s → 46 s).
const BATCHES_IN_FLIGHT = 3;

type MeiliTaskPromise = Promise<unknown> & { waitTask(options?: { timeout?: number }): Promise<{ status: string; error?: { message: string } | null }> };

/** A batch whose documents Meilisearch has accepted but not yet confirmed as indexed. */
interface BatchInFlight {
  outboxIds: number[];
  lastOutboxId: number;
  meiliTasks: MeiliTaskPromise[];
  indexedTasks: TaskDocument[];
}

export function createIndexer({ db, meili, indexNames, embedder, log, batchSize = DEFAULT_BATCH_SIZE, intervalMs = 2000, exclusive = (run) => run() }: IndexerOptions) {
  const outbox = createOutboxRepo({ db });
  const events = new EventEmitter<IndexerEvents>();
  const settingsVersion = computeSettingsVersion(embedder.embedder.id, embedder.embedder.dimensions);
  let settingsApplied = false;
  let running: Promise<number> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = true;
  let failures = 0;

  async function waitFor(promise: MeiliTaskPromise) {
    const task = await promise.waitTask({ timeout: 120_000 });
    if (task.status !== 'succeeded') throw new Error(`Meilisearch task ${task.status}: ${task.error?.message ?? 'no detail'}`);
  }

  /** Applies settings when they (or the embedder) changed, and then re-indexes everything. */
  async function ensureSettings() {
    if (settingsApplied) return;
    const [stored] = await db.select().from(searchState).where(eq(searchState.key, SETTINGS_KEY));
    const storedVersion = (stored?.value as { version?: string } | undefined)?.version;
    await applyIndexSettings(meili, indexNames, embedder.embedder.dimensions);
    if (storedVersion !== settingsVersion) {
      log.info({ from: storedVersion ?? null, to: settingsVersion }, 'search settings changed: re-indexing everything');
      await db.transaction(async (tx) => {
        await outbox.enqueueAll(tx);
        await tx
          .insert(searchState)
          .values({ key: SETTINGS_KEY, value: { version: settingsVersion } })
          .onConflictDoUpdate({ target: searchState.key, set: { value: { version: settingsVersion }, updatedAt: new Date() } });
      });
    }
    settingsApplied = true;
  }

  /** Hands additions and removals to Meilisearch once they are accepted (queued), not yet indexed. */
  async function sendChanges(indexUid: string, documents: Record<string, unknown>[], removedIds: string[]): Promise<MeiliTaskPromise[]> {
    const index = meili.index(indexUid);
    const sent: MeiliTaskPromise[] = [];
    if (documents.length) sent.push(index.addDocuments(documents));
    if (removedIds.length) sent.push(index.deleteDocuments(removedIds));
    await Promise.all(sent);
    return sent;
  }

  /** Sends what changed about these tasks; returns the Meilisearch tasks to confirm and the documents sent. */
  async function sendTasks(ids: string[]) {
    const rows = ids.length
      ? await db.select({ task: tasks, organisationName: organisations.name }).from(tasks).innerJoin(organisations, eq(organisations.id, tasks.organisationId)).where(inArray(tasks.id, ids))
      : [];
    // Only published tasks are searchable; drafts, closed and deleted tasks leave the index.
    const published = rows.flatMap((row) => (isIndexableTask(row.task) ? [{ task: row.task, organisationName: row.organisationName }] : []));
    const publishedIds = new Set(published.map((row) => row.task.id));
    const vectors = await embedder.embedDocuments(published.map((row) => composeTaskText(row.task as TaskRow)));
    const documents = published.map((row, i) => buildTaskDocument(row.task, row.organisationName, vectors[i]));
    const sent = await sendChanges(indexNames.tasks, documents, ids.filter((id) => !publishedIds.has(id)));
    return { sent, documents };
  }

  async function sendInstitutes(ids: string[]) {
    const rows = ids.length
      ? await db.select({ organisation: organisations, profile: instituteProfiles }).from(organisations).innerJoin(instituteProfiles, eq(instituteProfiles.organisationId, organisations.id)).where(inArray(organisations.id, ids))
      : [];
    const vectors = await embedder.embedDocuments(rows.map((row) => composeInstituteText(row.organisation, row.profile)));
    const documents = rows.map((row, i) => buildInstituteDocument(row.organisation, row.profile, vectors[i]));
    const present = new Set(rows.map((row) => row.organisation.id));
    return sendChanges(indexNames.institutes, documents, ids.filter((id) => !present.has(id)));
  }

  /** Reads the next outbox batch after `afterId` and hands it to Meilisearch without waiting for indexing. */
  async function sendBatch(afterId: number): Promise<BatchInFlight | null> {
    const batch = await outbox.takeBatch(batchSize, afterId);
    if (batch.length === 0) return null;
    const outboxIds = batch.map((row) => row.id);
    const unique = (type: 'task' | 'institute') => [...new Set(batch.filter((row) => row.entityType === type).map((row) => row.entityId))];
    try {
      const tasksSent = await sendTasks(unique('task'));
      const institutesSent = await sendInstitutes(unique('institute'));
      return { outboxIds, lastOutboxId: outboxIds[outboxIds.length - 1], meiliTasks: [...tasksSent.sent, ...institutesSent], indexedTasks: tasksSent.documents };
    } catch (error) {
      await outbox.recordFailure(outboxIds, (error as Error).message).catch(() => undefined);
      throw error;
    }
  }

  /** Waits until Meilisearch indexed the batch; only then are its outbox rows deleted. */
  async function confirmBatch(batch: BatchInFlight) {
    try {
      for (const task of batch.meiliTasks) await waitFor(task);
    } catch (error) {
      await outbox.recordFailure(batch.outboxIds, (error as Error).message).catch(() => undefined);
      throw error;
    }
    await outbox.remove(batch.outboxIds);
    // The multi-process test reads these ids to prove no outbox row is ever indexed twice.
    log.debug({ outboxIds: batch.outboxIds }, 'search index: batch confirmed');
    if (batch.indexedTasks.length) events.emit('tasksIndexed', batch.indexedTasks);
  }

  /**
   * Drains until the outbox is empty; concurrent callers share one run. Up to BATCHES_IN_FLIGHT
   * batches are with Meilisearch at once; it applies them in the order sent, so a later change to
   * the same record still wins. A failure leaves every unconfirmed batch in the outbox for a retry.
   */
  function drain(onProgress?: (done: number) => void): Promise<number> {
    running ??= (async () => {
      let total = 0;
      const inFlight: BatchInFlight[] = [];
      try {
        await ensureSettings();
        let afterId = 0;
        let exhausted = false;
        for (;;) {
          while (!exhausted && inFlight.length < BATCHES_IN_FLIGHT) {
            const next = await sendBatch(afterId);
            if (next) {
              inFlight.push(next);
              afterId = next.lastOutboxId;
            } else {
              exhausted = true;
            }
          }
          const oldest = inFlight.shift();
          if (!oldest) return total;
          await confirmBatch(oldest);
          total += oldest.outboxIds.length;
          onProgress?.(total);
          // Changes written while draining are picked up in the same run.
          if (exhausted && inFlight.length === 0) exhausted = false;
        }
      } catch (error) {
        await Promise.all(inFlight.map((batch) => outbox.recordFailure(batch.outboxIds, (error as Error).message).catch(() => undefined)));
        throw error;
      } finally {
        running = null;
      }
    })();
    return running;
  }

  function schedule(delayMs: number) {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(async () => {
      timer = null;
      try {
        await exclusive(() => drain());
        failures = 0;
        schedule(intervalMs);
      } catch (error) {
        failures += 1;
        const backoff = Math.min(MAX_BACKOFF_MS, intervalMs * 2 ** failures);
        settingsApplied = false;
        log.warn({ err: (error as Error).message, retryInMs: backoff }, 'search indexing failed; changes wait in the outbox');
        schedule(backoff);
      }
    }, delayMs);
    timer.unref();
  }

  return {
    events,
    drain,
    lag: () => outbox.measureLag(),
    start() {
      stopped = false;
      schedule(0);
    },
    /** Wakes the loop now (after a write) unless it is backing off from an outage. */
    kick() {
      if (!stopped && failures === 0) schedule(20);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}
export type Indexer = ReturnType<typeof createIndexer>;
