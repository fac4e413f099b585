// The outbox → Meilisearch pipeline against a real Meilisearch that this test stops and restarts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startLocalMeilisearch, type LocalMeilisearch } from '../../search/meili-process.ts';
import { createTestContext, type TestContext } from '../../../tests/helpers/test-app.ts';
import { createClient, publishableTaskBody, signUp, type TestClient } from '../../../tests/helpers/test-client.ts';
import { createIndexer } from './indexer.ts';
import { createSearchService } from './search.service.ts';
import { ANONYMOUS } from '../auth/auth-context.ts';

const quietLogger = { debug: () => undefined, warn: () => undefined, error: () => undefined };
let meiliDir: string;
let meili: LocalMeilisearch;
let port: number;
let ctx: TestContext;
let enterprise: TestClient;
let visitor: TestClient;

beforeAll(async () => {
  meiliDir = await fs.mkdtemp(path.join(os.tmpdir(), 'kopir-meili-'));
  meili = await startLocalMeilisearch({ dataDir: meiliDir, logger: quietLogger });
  port = Number(new URL(meili.url).port);
  ctx = await createTestContext({ meiliUrl: meili.url, meiliMasterKey: meili.masterKey });
  enterprise = (await signUp(ctx.app, 'enterprise')).client;
  visitor = createClient(ctx.app);
  await ctx.app.indexer.drain();
});
afterAll(async () => {
  await ctx.close();
  await meili.stop();
  await fs.rm(meiliDir, { recursive: true, force: true });
});

async function publishTask(overrides: Record<string, unknown>) {
  const created = await enterprise.post('/api/tasks', publishableTaskBody(overrides));
  await enterprise.post(`/api/tasks/${created.body.id}/status`, { status: 'published' });
  return created.body.id as string;
}

const searchTitles = async (q: string) =>
  (await visitor.get(`/api/search/tasks?q=${encodeURIComponent(q)}&semanticRatio=0`)).body.items.map((hit: { item: { title: string } }) => hit.item.title);

describe('search index consistency', () => {
  it('follows create, update and close through the outbox', async () => {
    const draft = await enterprise.post('/api/tasks', publishableTaskBody({ title: 'Vanadium from converter slag' }));
    await ctx.app.indexer.drain();
    expect(await searchTitles('vanadium')).toEqual([]); // drafts are not searchable
    await enterprise.post(`/api/tasks/${draft.body.id}/status`, { status: 'published' });
    await ctx.app.indexer.drain();
    expect(await searchTitles('vanadium')).toEqual(['Vanadium from converter slag']);
    await enterprise.patch(`/api/tasks/${draft.body.id}`, { title: 'Vanadium pentoxide from converter slag' });
    await ctx.app.indexer.drain();
    expect(await searchTitles('pentoxide')).toEqual(['Vanadium pentoxide from converter slag']);
    await enterprise.post(`/api/tasks/${draft.body.id}/status`, { status: 'closed', reason: 'Solved in-house' });
    await ctx.app.indexer.drain();
    expect(await searchTitles('vanadium')).toEqual([]);
    expect((await ctx.app.indexer.lag()).pending).toBe(0);
  });

  it('drains many small batches in flight at once and keeps the latest version of a record', async () => {
    const ids = [];
    for (const metal of ['Gallium', 'Indium', 'Germanium', 'Rhenium']) ids.push(await publishTask({ title: `${metal} recovery from process residues` }));
    // Two more changes to the first task land in later outbox rows, so in later batches.
    await enterprise.patch(`/api/tasks/${ids[0]}`, { title: 'Gallium recovery from alumina liquor' });
    await enterprise.patch(`/api/tasks/${ids[0]}`, { title: 'Gallium and vanadium recovery from alumina liquor' });
    const pending = (await ctx.app.indexer.lag()).pending;
    expect(pending).toBeGreaterThanOrEqual(6);
    const { app } = ctx;
    const smallBatches = createIndexer({ db: app.db, meili: app.meili.client, indexNames: app.indexNames, embedder: app.embedder, log: app.log, batchSize: 1 });
    const progress: number[] = [];
    expect(await smallBatches.drain((done) => progress.push(done))).toBe(pending);
    expect(progress).toEqual(Array.from({ length: pending }, (_, i) => i + 1));
    expect((await app.indexer.lag()).pending).toBe(0);
    expect(await searchTitles('alumina')).toEqual(['Gallium and vanadium recovery from alumina liquor']);
    expect(await searchTitles('rhenium')).toEqual(['Rhenium recovery from process residues']);
  });

  it('keeps accepting writes while Meilisearch is down and catches up when it returns', async () => {
    await meili.stop();
    const id = await publishTask({ title: 'Scandium from red mud' });
    expect(id).toEqual(expect.any(String));
    await expect(ctx.app.indexer.drain()).rejects.toThrow();
    const health = await visitor.get('/api/health');
    expect(health.body.search.status).toBe('down');
    expect(health.body.status).toBe('degraded');
    expect(health.body.search.indexLag.pending).toBeGreaterThan(0);
    expect((await visitor.get('/api/search/tasks?q=scandium')).status).toBe(503);

    meili = await startLocalMeilisearch({ dataDir: meiliDir, port, logger: quietLogger });
    await ctx.app.indexer.drain();
    expect(await searchTitles('scandium')).toEqual(['Scandium from red mud']);
    const after = await visitor.get('/api/health');
    expect(after.body.search).toMatchObject({ status: 'ok', indexLag: { pending: 0 } });
  });

  it('the background loop indexes a write without being asked', async () => {
    ctx.app.indexer.start();
    try {
      await publishTask({ title: 'Tellurium recovery from slimes' });
      await expect.poll(() => searchTitles('tellurium'), { timeout: 10_000, interval: 200 }).toEqual(['Tellurium recovery from slimes']);
    } finally {
      await ctx.app.indexer.stop();
    }
  });
});

describe('search for people', () => {
  it('facets count by priority area and region, highlights matches, and hides registered tasks from visitors', async () => {
    await publishTask({ title: 'Drip irrigation for cotton', priorityArea: 'agritech', region: 'turkistan', problem: 'Cotton fields in Turkistan lose water to furrow irrigation; we want drip irrigation with fertigation, tested on 50 hectares of cotton.' });
    await publishTask({ title: 'Drip irrigation telemetry', priorityArea: 'ai', region: 'turkistan', visibility: 'registered' });
    await ctx.app.indexer.drain();
    const result = await visitor.get('/api/search/tasks?q=irrigation&semanticRatio=0');
    expect(result.body.total).toBe(1);
    expect(result.body.facets.priorityArea).toEqual({ agritech: 1 });
    expect(result.body.facets.region).toEqual({ turkistan: 1 });
    const title = result.body.items[0].highlights.title;
    expect(title.text.slice(title.highlights[0].start, title.highlights[0].end).toLowerCase()).toBe('irrigation');
    const member = await enterprise.get('/api/search/tasks?q=irrigation&semanticRatio=0');
    expect(member.body.total).toBe(2);
    const filtered = await enterprise.get('/api/search/tasks?q=irrigation&priorityArea=ai&semanticRatio=0');
    expect(filtered.body.items.map((hit: { item: { title: string } }) => hit.item.title)).toEqual(['Drip irrigation telemetry']);
  });

  it("narrows to one organisation's tasks, with or without words", async () => {
    const other = await signUp(ctx.app, 'enterprise');
    const own = (await enterprise.get('/api/auth/session')).body.organisation.id as string;
    await publishTask({ title: 'Desalination membranes for Aral brine' });
    const created = await other.client.post('/api/tasks', publishableTaskBody({ title: 'Desalination of mine water in Zhezkazgan' }));
    await other.client.post(`/api/tasks/${created.body.id}/status`, { status: 'published' });
    await ctx.app.indexer.drain();
    const titlesOf = async (query: string) => (await visitor.get(`/api/search/tasks?${query}&semanticRatio=0`)).body.items.map((hit: { item: { title: string } }) => hit.item.title);
    expect(await titlesOf(`q=desalination&organisationId=${other.session.organisation.id}`)).toEqual(['Desalination of mine water in Zhezkazgan']);
    expect(await titlesOf(`q=desalination&organisationId=${own}`)).toEqual(['Desalination membranes for Aral brine']);
    expect(await titlesOf(`organisationId=${other.session.organisation.id}`)).toEqual(['Desalination of mine water in Zhezkazgan']);
    expect((await visitor.get('/api/search/tasks?organisationId=not-an-id')).status).toBe(400);
  });

  it('pages a hybrid result without repeats and counts at least what the pages list', async () => {
    for (const [n, region] of [[1, 'almaty'], [2, 'almaty'], [3, 'karaganda']] as const) {
      await publishTask({ title: `Lithium brine extraction pilot ${n}`, region, problem: `Direct lithium extraction from oilfield brine, sorbent pilot number ${n}, with lithium carbonate of battery grade as the product.` });
    }
    await ctx.app.indexer.drain();
    const get = (page: number) => visitor.get(`/api/search/tasks?q=lithium&pageSize=2&page=${page}`);
    const [first, second] = [await get(1), await get(2)];
    const ids = (result: typeof first) => result.body.items.map((hit: { item: { id: string } }) => hit.item.id);
    expect(ids(first)).toHaveLength(2);
    expect(ids(second).length).toBeGreaterThanOrEqual(1);
    expect(ids(second).filter((id: string) => ids(first).includes(id))).toEqual([]);
    // Counts are the keyword matches: all three lithium tasks, split by region.
    expect(first.body.total).toBeGreaterThanOrEqual(3);
    expect(first.body.facets.region).toMatchObject({ almaty: 2, karaganda: 1 });
    expect(first.body).toMatchObject({ page: 1, pageSize: 2 });
  });

  it('tolerates typos and finds institutes by concept across languages', async () => {
    const { client, session } = await signUp(ctx.app, 'institute');
    await client.patch(`/api/institutes/${session.organisation.id}`, {
      lang: 'en',
      description: 'We develop reverse osmosis and ion exchange treatment of mine water and acid mine drainage, removing copper, zinc and sulphates.',
      priorityAreas: ['greentech'],
    });
    await ctx.app.indexer.drain();
    expect((await visitor.get('/api/search/tasks?q=irrigaton&semanticRatio=0')).body.total).toBeGreaterThan(0);
    const russian = await visitor.get(`/api/search/institutes?q=${encodeURIComponent('очистка шахтных вод')}`);
    expect(russian.body.items.map((hit: { item: { id: string } }) => hit.item.id)).toContain(session.organisation.id);
    // Without the vectors too: the profile carries the ru/kk/en labels of the concepts found in it.
    const keywordsOnly = await visitor.get(`/api/search/institutes?q=${encodeURIComponent('очистка шахтных вод')}&semanticRatio=0`);
    expect(keywordsOnly.body.items.map((hit: { item: { id: string } }) => hit.item.id)).toContain(session.organisation.id);
    const kazakh = await visitor.get(`/api/search/institutes?q=${encodeURIComponent('шахта суларын тазарту')}`);
    expect(kazakh.body.items.map((hit: { item: { id: string } }) => hit.item.id)).toContain(session.organisation.id);
    // Meaning-based retrieval must not drag in everything: an unrelated query leaves this institute out.
    const unrelated = await visitor.get(`/api/search/institutes?q=${encodeURIComponent('селекция пшеницы засухоустойчивость')}`);
    expect(unrelated.body.items.map((hit: { item: { id: string } }) => hit.item.id)).not.toContain(session.organisation.id);
  });

  it('answers 503 with the reason when the query cannot be embedded; keyword-only searches still work', async () => {
    // Stands in for an unreachable OpenAI-compatible server: the builtin embedder never fails.
    const embedder = { ...ctx.app.embedder, embedQuery: async () => Promise.reject(new Error('embedding server unreachable')) };
    const search = createSearchService({ meili: ctx.app.meili.client, indexNames: ctx.app.indexNames, embedder, defaultSemanticRatio: 0.6 });
    await expect(search.searchTasks(ANONYMOUS, { q: 'irrigation' })).rejects.toMatchObject({ statusCode: 503, message: expect.stringContaining('embedding server unreachable') });
    expect((await search.searchTasks(ANONYMOUS, { q: 'irrigation', semanticRatio: 0 })).total).toBeGreaterThan(0);
  });
});
