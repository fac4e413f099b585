// What people page through: counts, paging, sorting, suggestions and the database fallback, against
// a real Meilisearch that this file starts (and stops at the end, for the fallback).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startLocalMeilisearch, type LocalMeilisearch } from '../../search/meili-process.ts';
import { createTestContext, type TestContext } from '../../../tests/helpers/test-app.ts';
import { createClient, publishableTaskBody, signUp, signUpBody, type TestClient } from '../../../tests/helpers/test-client.ts';

const quietLogger = { debug: () => undefined, warn: () => undefined, error: () => undefined };
let meiliDir: string;
let meili: LocalMeilisearch;
let ctx: TestContext;
let enterprise: TestClient;
let visitor: TestClient;

type Hit = { item: { id: string; title: string; region: string; priorityArea: string; deadline: string | null; budgetMinKzt: number | null; budgetMaxKzt: number | null; publishedAt: string } };
const REGIONS = ['almaty', 'karaganda', 'pavlodar', 'east-kazakhstan'] as const;
const AREAS = ['metallurgy', 'energy', 'greentech'] as const;
const ids = (body: { items: Hit[] }) => body.items.map((hit) => hit.item.id);
const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

async function publishTask(overrides: Record<string, unknown>) {
  const created = await enterprise.post('/api/tasks', publishableTaskBody(overrides));
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const published = await enterprise.post(`/api/tasks/${created.body.id}/status`, { status: 'published' });
  expect(published.status, JSON.stringify(published.body)).toBe(200);
  return created.body.id as string;
}

/** Every page of a search at one page size, checking each page's total against the first. */
async function pageThrough(query: string, pageSize: number) {
  const collected: string[] = [];
  const totals = new Set<number>();
  for (let page = 1; page <= 50; page++) {
    const result = await visitor.get(`/api/search/tasks?${query}&pageSize=${pageSize}&page=${page}`);
    expect(result.status).toBe(200);
    totals.add(result.body.total);
    collected.push(...ids(result.body));
    if (page * pageSize >= result.body.total) break;
    expect(result.body.items).toHaveLength(pageSize); // only the last page may be short
  }
  return { collected, totals };
}

beforeAll(async () => {
  meiliDir = await fs.mkdtemp(path.join(os.tmpdir(), 'kopir-meili-'));
  meili = await startLocalMeilisearch({ dataDir: meiliDir, logger: quietLogger });
  ctx = await createTestContext({ meiliUrl: meili.url, meiliMasterKey: meili.masterKey });
  enterprise = (await signUp(ctx.app, 'enterprise')).client;
  visitor = createClient(ctx.app);
  // Twelve flotation tasks worded differently (some only by meaning), with ties in deadline and
  // budget, and a few unrelated ones the semantic floor must keep out.
  for (let n = 0; n < 12; n++) {
    await publishTask({
      title: n % 3 === 0 ? `Copper ore flotation reagents, site ${n}` : n % 3 === 1 ? `Froth flotation of copper sulphide ore ${n}` : `Flotation tailings: copper recovery ${n}`,
      problem: `Our concentrator loses copper to flotation tailings at site ${n}; we need better collectors and frothers to raise recovery of chalcopyrite from sulphide ore.`,
      region: REGIONS[n % REGIONS.length],
      priorityArea: AREAS[n % AREAS.length],
      deadline: `2027-0${(n % 3) + 1}-15`, // publishing needs a deadline; ties on purpose
      budgetMinKzt: n % 5 === 0 ? null : 10_000_000 * (n % 3),
      budgetMaxKzt: n % 2 === 0 ? null : 100_000_000 * (n % 4),
    });
  }
  for (const title of ['Drought-tolerant wheat varieties', 'Hospital triage chatbot', 'Sheep wool scouring wastewater']) {
    await publishTask({ title, problem: `${title} for the northern regions, tested over two seasons with partners.`, priorityArea: 'agritech', region: 'kostanay' });
  }
  await ctx.app.indexer.drain();
}, 120_000);
afterAll(async () => {
  await ctx?.close();
  await meili?.stop();
  await fs.rm(meiliDir, { recursive: true, force: true });
});

describe('counts describe the results people page through', () => {
  it('total and every facet add up to exactly the hybrid results listed', async () => {
    const first = await visitor.get('/api/search/tasks?q=copper%20flotation&pageSize=50');
    expect(first.status).toBe(200);
    const listed = ids(first.body);
    expect(first.body.total).toBe(listed.length);
    expect(first.body.capped).toBe(false);
    expect(listed.length).toBeGreaterThanOrEqual(12);
    // One region and one area per task: each facet's counts add up to the total.
    expect(sum(first.body.facets.region)).toBe(first.body.total);
    expect(sum(first.body.facets.priorityArea)).toBe(first.body.total);
    const regionsListed: Record<string, number> = {};
    for (const hit of first.body.items as Hit[]) regionsListed[hit.item.region] = (regionsListed[hit.item.region] ?? 0) + 1;
    expect(first.body.facets.region).toEqual(regionsListed);
  });

  it('a filter narrows the total and the facets to the same set', async () => {
    const result = await visitor.get('/api/search/tasks?q=copper%20flotation&region=almaty&pageSize=50');
    expect(result.body.items.every((hit: Hit) => hit.item.region === 'almaty')).toBe(true);
    expect(result.body.total).toBe(result.body.items.length);
    expect(result.body.facets.region).toEqual({ almaty: result.body.total });
  });
});

describe('paging is deterministic', () => {
  it.each([2, 3, 4, 5])('pages of %i partition one ordering: no repeats, no gaps, one total', async (pageSize) => {
    const all = ids((await visitor.get('/api/search/tasks?q=copper%20flotation&pageSize=50')).body);
    const { collected, totals } = await pageThrough('q=copper%20flotation', pageSize);
    expect(new Set(collected).size).toBe(collected.length);
    expect(collected).toEqual(all);
    expect([...totals]).toEqual([all.length]);
  });

  it('pages of a browse (no words) sorted by deadline partition the whole list too', async () => {
    const all = ids((await visitor.get('/api/search/tasks?sort=deadline&pageSize=50')).body);
    const { collected, totals } = await pageThrough('sort=deadline', 4);
    expect(collected).toEqual(all);
    expect([...totals]).toEqual([15]);
  });
});

describe('sort', () => {
  const items = async (query: string) => ((await visitor.get(`/api/search/tasks?${query}&pageSize=50`)).body.items as Hit[]).map((hit) => hit.item);

  it('defaults to relevance with words and to newest without', async () => {
    const relevance = (await visitor.get('/api/search/tasks?q=copper%20flotation&pageSize=50')).body.items as Array<{ score: number }>;
    expect(relevance.map((hit) => hit.score)).toEqual([...relevance.map((hit) => hit.score)].sort((a, b) => b - a));
    // The index keeps publication times to the second.
    const seconds = (await items('')).map((task) => Math.floor(Date.parse(task.publishedAt) / 1000));
    expect(seconds).toEqual([...seconds].sort((a, b) => b - a));
  });

  // Published tasks always have a deadline (tasks.rules.ts); nulls-last is covered by the budget sort.
  it.each(['q=copper%20flotation&', ''])('by deadline, soonest first (%s)', async (words) => {
    const deadlines = (await items(`${words}sort=deadline`)).map((task) => task.deadline);
    expect(deadlines).toEqual([...deadlines].sort());
    expect(new Set(deadlines).size).toBeGreaterThan(1);
  });

  it.each(['q=copper%20flotation&', ''])('by budget: upper bound, then lower bound, highest first, no budget last (%s)', async (words) => {
    const budgets = (await items(`${words}sort=budget`)).map((task) => [task.budgetMaxKzt, task.budgetMinKzt] as const);
    const rank = (value: number | null) => (value === null ? -1 : value);
    const expected = [...budgets].sort((a, b) => rank(b[0]) - rank(a[0]) || rank(b[1]) - rank(a[1]));
    expect(budgets).toEqual(expected);
    expect(budgets[0][0]).toBe(300_000_000);
  });

  it('refuses a sort it does not know', async () => {
    expect((await visitor.get('/api/search/tasks?sort=random')).status).toBe(400);
    expect((await visitor.get('/api/search/institutes?sort=budget')).status).toBe(400);
  });

  it('institutes sort by name or relevance', async () => {
    for (const name of ['Zhezkazgan Mining Lab', 'Abai Flotation Institute']) {
      const { client, session } = await signUp(ctx.app, 'institute', { organisation: { ...signUpBody('institute').organisation, name } });
      await client.patch(`/api/institutes/${session.organisation.id}`, { lang: 'en', description: `${name}: flotation of copper ores, reagents and tailings.`, priorityAreas: ['metallurgy'] });
    }
    await ctx.app.indexer.drain();
    const byName = (await visitor.get('/api/search/institutes?q=flotation&sort=name')).body.items.map((hit: { item: { name: string } }) => hit.item.name);
    expect(byName).toEqual([...byName].sort((a: string, b: string) => a.localeCompare(b)));
    expect(byName).toEqual(expect.arrayContaining(['Zhezkazgan Mining Lab', 'Abai Flotation Institute']));
  });
});

describe('a search that finds nothing suggests another', () => {
  it('offers the nearest spelling, which finds results', async () => {
    const result = await visitor.get('/api/search/tasks?q=fltatin&semanticRatio=0');
    expect(result.body.total).toBe(0);
    const spelling = result.body.suggestions.find((suggestion: { kind: string }) => suggestion.kind === 'spelling');
    expect(spelling).toMatchObject({ query: { q: 'flotation', semanticRatio: 0 }, total: 12 });
    const followed = await visitor.get('/api/search/tasks?q=flotation&semanticRatio=0');
    expect(followed.body.total).toBe(spelling.total);
  });

  it('offers the same words without the filters', async () => {
    const result = await visitor.get('/api/search/tasks?q=copper%20flotation&region=kostanay&semanticRatio=0&sort=deadline');
    expect(result.body.total).toBe(0);
    expect(result.body.suggestions).toContainEqual({ kind: 'broader', query: { q: 'copper flotation', semanticRatio: 0, sort: 'deadline' }, total: 12 });
  });

  it('offers nothing when results were found, and no suggestion that would find nothing', async () => {
    expect((await visitor.get('/api/search/tasks?q=flotation')).body.suggestions).toEqual([]);
    const hopeless = await visitor.get('/api/search/tasks?q=qqqqqqqqqqqq&semanticRatio=0');
    expect(hopeless.body.suggestions.every((suggestion: { total: number }) => suggestion.total > 0)).toBe(true);
  });
});

describe('a result set larger than the first window', () => {
  it('widens until every result is counted and paged (keyword-only, 57 hits)', async () => {
    // Registered-only, so the visitor's counts elsewhere in this file do not change.
    for (let n = 0; n < 57; n++) await publishTask({ title: `Molybdenum roasting off-gas ${n}`, visibility: 'registered', region: REGIONS[n % REGIONS.length] });
    await ctx.app.indexer.drain();
    const first = await enterprise.get('/api/search/tasks?q=molybdenum&semanticRatio=0&pageSize=50');
    expect(first.body).toMatchObject({ total: 57, capped: false });
    expect(sum(first.body.facets.region)).toBe(57);
    const second = await enterprise.get('/api/search/tasks?q=molybdenum&semanticRatio=0&pageSize=50&page=2');
    const all = [...ids(first.body), ...ids(second.body)];
    expect(new Set(all).size).toBe(57);
  }, 120_000);
});

describe('while Meilisearch is down', () => {
  it('the plain task list comes from PostgreSQL and says so; a search with words answers 503', async () => {
    await meili.stop();
    const list = await visitor.get('/api/search/tasks?pageSize=4&sort=deadline');
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ degraded: true, total: 15, page: 1, pageSize: 4, suggestions: [] });
    expect(list.body.facets.region).toEqual({});
    const deadlines = (list.body.items as Hit[]).map((hit) => hit.item.deadline);
    expect(deadlines).toEqual([...deadlines].sort());
    const { collected } = await pageThrough('sort=deadline', 4);
    expect(new Set(collected).size).toBe(15);
    const filtered = await visitor.get('/api/search/tasks?region=kostanay&priorityArea=agritech');
    expect(filtered.body).toMatchObject({ degraded: true, total: 3 });
    // One organisation's tasks: the same filter from the database.
    const ownId = (await enterprise.get('/api/auth/session')).body.organisation.id;
    expect((await visitor.get(`/api/search/tasks?organisationId=${ownId}&region=kostanay&priorityArea=agritech`)).body).toMatchObject({ degraded: true, total: 3 });
    expect((await visitor.get('/api/search/tasks?organisationId=00000000-0000-4000-8000-000000000000')).body).toMatchObject({ degraded: true, total: 0 });
    const words = await visitor.get('/api/search/tasks?q=flotation');
    expect(words.status).toBe(503);
    expect(words.body.error.code).toBe('search.unavailable');
    expect((await visitor.get('/api/search/institutes')).status).toBe(503);
  });
});
