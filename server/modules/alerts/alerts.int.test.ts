// New tasks → notifications, against the real outbox, Meilisearch and database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { createTestContext, type TestContext } from '../../../tests/helpers/test-app.ts';
import { publishableTaskBody, signUp, type TestClient } from '../../../tests/helpers/test-client.ts';
import { createOutboxRepo } from '../search/outbox.repo.ts';
import { createSearchService } from '../search/search.service.ts';
import type { TaskDocument } from '../search/search.documents.ts';
import { createMatchingService } from '../matching/matching.service.ts';
import { tasks } from '../tasks/tasks.table.ts';
import { createAlertsService, PROFILE_ALERT_MIN_SCORE } from './alerts.service.ts';
import { createProfileMatcher, type ProfileMatcher } from './alerts.profiles.ts';
import { createNotificationsHub } from './notifications.hub.ts';
import { createInProcessFanout } from '../../db/fanout.ts';

let ctx: TestContext;
let enterprise: TestClient;
let seleniumWatcher: TestClient;
let irrigationWatcher: TestClient;
let profileInstitute: { client: TestClient; organisationId: string };
let weakInstitute: { client: TestClient; organisationId: string };

/** A logger that remembers errors, for "logged, not thrown". */
function createRecordingLog() {
  const errors: unknown[] = [];
  const log = { level: 'info', info: () => undefined, warn: () => undefined, debug: () => undefined, trace: () => undefined, fatal: () => undefined, silent: () => undefined, error: (object: unknown) => errors.push(object) } as Record<string, unknown>;
  log.child = () => log;
  return { log: log as unknown as FastifyBaseLogger, errors };
}

async function publishTask(overrides: Record<string, unknown>) {
  const created = await enterprise.post('/api/tasks', publishableTaskBody(overrides));
  expect((await enterprise.post(`/api/tasks/${created.body.id}/status`, { status: 'published' })).status).toBe(200);
  return created.body.id as string;
}

/** Indexes what is pending and waits for the alerts it raised. */
async function indexAndAlert() {
  await ctx.app.indexer.drain();
  await ctx.app.alerts.service.whenIdle();
}

const notificationsOf = async (client: TestClient) => (await client.get('/api/notifications?pageSize=50')).body.items as { subjectId: string; payload: any }[];

beforeAll(async () => {
  ctx = await createTestContext();
  enterprise = (await signUp(ctx.app, 'enterprise')).client;
  seleniumWatcher = (await signUp(ctx.app, 'institute')).client;
  irrigationWatcher = (await signUp(ctx.app, 'institute')).client;
  for (const institute of ['profile', 'weak'] as const) {
    const { client, session } = await signUp(ctx.app, 'institute');
    if (institute === 'profile') profileInstitute = { client, organisationId: session.organisation.id };
    else weakInstitute = { client, organisationId: session.organisation.id };
  }
  expect((await seleniumWatcher.post('/api/saved-searches', { name: 'Selenium', query: { q: 'selenium', semanticRatio: 0.9 } })).status).toBe(201);
  // Two searches of one person matching one task still make one notification.
  expect((await seleniumWatcher.post('/api/saved-searches', { name: 'Metallurgy TRL 5+', query: { priorityArea: ['metallurgy'], trlFrom: 5 } })).status).toBe(201);
  expect((await irrigationWatcher.post('/api/saved-searches', { name: 'Irrigation in Turkistan', query: { q: 'irrigation', region: ['turkistan'] } })).status).toBe(201);
  await indexAndAlert();
});
afterAll(() => ctx.close());

describe('alerts from saved searches', () => {
  let seleniumTask: string;

  it('publishing a task that matches a saved search notifies its owner exactly once', async () => {
    seleniumTask = await publishTask({ title: 'Refined selenium from copper slimes' });
    await indexAndAlert();
    const received = await notificationsOf(seleniumWatcher);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      subjectId: seleniumTask,
      payload: { taskId: seleniumTask, title: 'Refined selenium from copper slimes', link: `/tasks/${seleniumTask}`, reason: { kind: 'saved_search', name: 'Selenium' } },
    });
    expect(received[0].payload.organisationName).toMatch(/^enterprise org/);
  });

  it('a task that matches no saved search notifies nobody (semantic closeness is not a match)', async () => {
    await publishTask({ title: 'Drip irrigation for cotton', priorityArea: 'agritech', region: 'karaganda', trlTarget: 4, problem: 'Cotton fields lose water to furrow irrigation; we want drip irrigation with fertigation on 50 hectares.' });
    await indexAndAlert();
    expect(await notificationsOf(irrigationWatcher)).toEqual([]); // irrigation, but not in Turkistan
    expect(await notificationsOf(seleniumWatcher)).toHaveLength(1);
  });

  it('re-indexing the task, or everything, does not notify again', async () => {
    await enterprise.patch(`/api/tasks/${seleniumTask}`, { constraints: 'No cyanide on site.' });
    await indexAndAlert();
    await createOutboxRepo({ db: ctx.db }).enqueueAll();
    await indexAndAlert();
    expect(await notificationsOf(seleniumWatcher)).toHaveLength(1);
  });

  it('drafts and tasks published more than a week ago raise no alerts', async () => {
    await enterprise.post('/api/tasks', publishableTaskBody({ title: 'Selenium draft' }));
    const old = await enterprise.post('/api/tasks', publishableTaskBody({ title: 'Old selenium task' }));
    await enterprise.post(`/api/tasks/${old.body.id}/status`, { status: 'published' });
    await ctx.db.update(tasks).set({ publishedAt: new Date(Date.now() - 8 * 24 * 3600 * 1000) }).where(eq(tasks.id, old.body.id));
    await indexAndAlert();
    expect((await notificationsOf(seleniumWatcher)).map((item) => item.payload.title)).toEqual(['Refined selenium from copper slimes']);
  });

  it('nobody is alerted about their own organisation’s tasks', async () => {
    await enterprise.post('/api/saved-searches', { name: 'Our own selenium', query: { q: 'selenium' } });
    await publishTask({ title: 'Selenium dioxide purification' });
    await indexAndAlert();
    expect(await notificationsOf(enterprise)).toEqual([]);
    expect(await notificationsOf(seleniumWatcher)).toHaveLength(2);
  });
});

describe('alerts from institute profiles (matching behind a stub port)', () => {
  // The ranking itself is the matching module's business and still being tuned: a stub makes the
  // alert rules (threshold, top 5, one per person and task) testable on their own.
  const search = () => createSearchService({ meili: ctx.app.meili.client, indexNames: ctx.app.indexNames, embedder: ctx.app.embedder, defaultSemanticRatio: 0 });

  async function captureIndexed(action: () => Promise<unknown>): Promise<TaskDocument[]> {
    const captured: TaskDocument[] = [];
    const listener = (docs: TaskDocument[]) => captured.push(...docs);
    ctx.app.indexer.events.on('tasksIndexed', listener);
    try {
      await action();
      await indexAndAlert();
    } finally {
      ctx.app.indexer.events.off('tasksIndexed', listener);
    }
    return captured;
  }

  it('notifies every member of institutes above the threshold, naming shared concepts in their language', async () => {
    const docs = await captureIndexed(() => publishTask({ title: 'Selenium roasting off-gas cleaning' }));
    const stub: ProfileMatcher = async () => [
      { organisationId: profileInstitute.organisationId, score: 0.81, conceptIds: ['metal.selenium-recovery'] },
      { organisationId: weakInstitute.organisationId, score: PROFILE_ALERT_MIN_SCORE - 0.01, conceptIds: [] },
    ];
    const { log } = createRecordingLog();
    const alerts = createAlertsService({ db: ctx.db, search: search(), matchProfiles: stub, hub: createNotificationsHub({ fanout: createInProcessFanout(), log }), log });
    await alerts.notifyForIndexedTasks(docs);
    const received = await notificationsOf(profileInstitute.client);
    expect(received).toHaveLength(1);
    // signUp makes Russian-speaking people.
    expect(received[0].payload.reason).toEqual({ kind: 'profile', score: 0.81, concepts: ['Получение селена'] });
    expect(await notificationsOf(weakInstitute.client)).toEqual([]);
    // The saved-search watcher already had this task from the app's own alerts: still one.
    expect((await notificationsOf(seleniumWatcher)).filter((item) => item.subjectId === docs[0].id)).toHaveLength(1);
    expect(await alerts.notifyForIndexedTasks(docs)).toBe(0);
  });

  it('a failing search or matcher is logged and never thrown back to the indexer', async () => {
    const docs = await captureIndexed(() => publishTask({ title: 'Selenium in glass manufacturing' }));
    const { log, errors } = createRecordingLog();
    const alerts = createAlertsService({
      db: ctx.db,
      search: { findMatchingTaskIds: async () => { throw new Error('meilisearch is down'); } },
      matchProfiles: async () => { throw new Error('matching is down'); },
      hub: createNotificationsHub({ fanout: createInProcessFanout(), log }),
      log,
    });
    await expect(alerts.notifyForIndexedTasks(docs)).resolves.toBe(0);
    expect(errors).toHaveLength(2);
  });

  it('the real matching adapter answers in the port’s shape', async () => {
    const [doc] = await captureIndexed(() => publishTask({ title: 'Selenium recovery from anode slimes' }));
    const matching = createMatchingService({ db: ctx.db, meili: ctx.app.meili.client, indexNames: ctx.app.indexNames, embedder: ctx.app.embedder, regionWeight: 0.05 });
    const matches = await createProfileMatcher(matching)(doc.id, 5);
    expect(matches.length).toBeLessThanOrEqual(5);
    for (const match of matches) expect(match).toEqual({ organisationId: expect.any(String), score: expect.any(Number), conceptIds: expect.any(Array) });
  });
});
