// npm run bench:search — indexing time and search/matching latency at marketplace scale.
//  1. Generates deterministic synthetic data (default 100 000 tasks, 20 000 institutes, ru/kk/en),
//     bulk-inserts it with its outbox rows and drains the indexer, timing embedding apart from
//     Meilisearch (builtin embedder; EMBEDDINGS_DIMENSIONS changes the vector size, default 768).
//  2. Listens on loopback and measures p50/p95/p99 and throughput for task search, institute search
//     and both match endpoints through the API, and the identical searches sent straight to
//     Meilisearch, then checks the targets.
// Knobs: BENCH_TASKS, BENCH_INSTITUTES, BENCH_REQUESTS (per scenario), BENCH_CONCURRENCY,
// BENCH_WARMUP, BENCH_SEED. DATABASE_URL / MEILI_URL bench against external servers (see bench-app.ts).
import os from 'node:os';
import { setMaxListeners } from 'node:events';
import type { AddressInfo } from 'node:net';
import { startBenchApp, formatMs, percentile, type BenchApp } from './lib/bench-app.ts';
import { createRandom } from './lib/prng.ts';
import { createSyntheticData, type Enterprise } from './lib/synthetic-data.ts';
import { generateInstituteQueries, generateTaskQueries, toQueryString } from './lib/synthetic-queries.ts';
import { insertEnterprises, insertInstitutes, insertTasks } from './lib/bulk-load.ts';
import { instrumentIndexing, summarizeMeiliTasks, type IndexingTotals } from './lib/indexing-profile.ts';
import { runClosedLoop, startHttpLoadClient, summarizeLoad, type LoadResult, type LoadStats } from './lib/load-runner.ts';
import { replayRequest, tapSearches, type ObservedSearch } from './lib/meili-tap.ts';
import { createTokensService } from '../../server/modules/tokens/tokens.service.ts';
import { ALERT_MAX_AGE_MS } from '../../server/modules/alerts/alerts.service.ts';

const envInt = (name: string, fallback: number) => {
  const value = Number(process.env[name] || fallback);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number (got "${process.env[name]}")`);
  return value;
};
const TASKS = envInt('BENCH_TASKS', 100_000);
const INSTITUTES = envInt('BENCH_INSTITUTES', 20_000);
const REQUESTS = envInt('BENCH_REQUESTS', 1000);
const CONCURRENCY = Math.max(1, envInt('BENCH_CONCURRENCY', 4));
const WARMUP = envInt('BENCH_WARMUP', 100);
const SEED = envInt('BENCH_SEED', 20_250_601);
const DISTINCT_REQUESTS = 200;
// meilisearch-js 0.62 adds an abort listener per waitTask poll and removes them only at the end; a
// long indexing task trips Node's leak warning (10) although nothing leaks past the wait.
setMaxListeners(1000);

const TARGETS = { ratio: 1.5, searchP95Ms: 30, instituteIndexingS: 60 };
const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function progress(label: string, total: number) {
  const started = performance.now();
  let last = 0;
  return (done: number) => {
    const now = performance.now();
    if (done < total && now - last < 3000) return;
    last = now;
    const rate = done / ((now - started) / 1000);
    console.log(`  ${label}: ${done.toLocaleString('en')}/${total.toLocaleString('en')} (${Math.round((done / total) * 100)} %), ${seconds(now - started)}, ${Math.round(rate)}/s`);
  };
}

async function loadData(bench: BenchApp) {
  const rng = createRandom(SEED);
  const data = createSyntheticData(rng.fork('frames'));
  const { db } = bench.app;
  const enterpriseRng = rng.fork('enterprises');
  const enterprises: Enterprise[] = Array.from({ length: Math.max(20, Math.round(TASKS / 50)) }, (_, i) => data.enterprise(enterpriseRng, i));
  await insertEnterprises(db, enterprises);

  const instituteRng = rng.fork('institutes');
  const instituteIds: string[] = [];
  const instituteChars: number[] = [];
  let started = performance.now();
  await insertInstitutes(db, INSTITUTES, (i) => {
    const seed = data.institute(instituteRng, i, enterprises);
    if (i % Math.max(1, Math.floor(INSTITUTES / DISTINCT_REQUESTS)) === 0) instituteIds.push(seed.organisation.id);
    instituteChars.push(seed.profile.description.length);
    return seed;
  }, progress('institutes inserted', INSTITUTES));
  const instituteInsertMs = performance.now() - started;

  const taskRng = rng.fork('tasks');
  const publishedTaskIds: string[] = [];
  const counts = { published: 0, fresh: 0, ru: 0, kk: 0, en: 0 };
  const freshSince = data.today - ALERT_MAX_AGE_MS;
  const makeTask = (i: number) => {
    const task = data.task(taskRng, i, enterprises);
    counts[task.lang] += 1;
    if (task.status === 'published') {
      counts.published += 1;
      if (task.publishedAt && task.publishedAt.getTime() >= freshSince) counts.fresh += 1;
      if (publishedTaskIds.length < DISTINCT_REQUESTS && i % Math.max(1, Math.floor(TASKS / (DISTINCT_REQUESTS * 1.2))) === 0) publishedTaskIds.push(task.id);
    }
    return task;
  };
  return {
    data, rng, enterprises, instituteIds, publishedTaskIds, counts, instituteInsertMs,
    avgInstituteDescription: instituteChars.reduce((a, b) => a + b, 0) / Math.max(1, instituteChars.length),
    insertTasks: async () => {
      started = performance.now();
      await insertTasks(db, TASKS, makeTask, progress('tasks inserted', TASKS));
      return performance.now() - started;
    },
  };
}

interface IndexingReport {
  label: string;
  entities: number;
  wallMs: number;
  totals: IndexingTotals;
  meili: Awaited<ReturnType<typeof summarizeMeiliTasks>>;
  documents: number;
}

async function drainTimed(bench: BenchApp, label: string, total: number, indexUid: string, instrument: ReturnType<typeof instrumentIndexing>): Promise<IndexingReport> {
  instrument.take();
  const started = performance.now();
  await bench.app.indexer.drain(progress(`${label} indexed`, total));
  const wallMs = performance.now() - started;
  const totals = instrument.take();
  const meili = await summarizeMeiliTasks(bench.app.meili.client, indexUid);
  const stats = await bench.app.meili.client.index(indexUid).getStats();
  return { label, entities: total, wallMs, totals, meili, documents: stats.numberOfDocuments };
}

function printIndexing(report: IndexingReport) {
  const { totals, wallMs } = report;
  const cacheMs = totals.embedDocumentsMs - totals.embedMs;
  const otherMs = wallMs - totals.embedDocumentsMs - totals.meiliWaitMs;
  const row = (name: string, ms: number, note = '') => console.log(`    ${name.padEnd(44)} ${seconds(ms).padStart(9)}  ${((ms / wallMs) * 100).toFixed(0).padStart(3)} %  ${note}`);
  console.log(`\n  ${report.label}: ${report.entities.toLocaleString('en')} outbox rows → ${report.documents.toLocaleString('en')} documents in the index, ${seconds(wallMs)} wall (${Math.round(report.entities / (wallMs / 1000))}/s)`);
  row('embedding (builtin compute)', totals.embedMs, `${totals.embeddedTexts.toLocaleString('en')} texts, ${(totals.embedMs / Math.max(1, totals.embeddedTexts)).toFixed(2)} ms/text`);
  row('embedding cache (PG lookup + insert)', cacheMs);
  // Up to three batches are in flight, so waits on Meilisearch overlap each other and the embedding.
  row('Meilisearch (send, index, waitTask)', totals.meiliWaitMs, `${totals.meiliTasks} tasks; Meilisearch reports ${seconds(report.meili.processingMs)} processing${otherMs < 0 ? '; waits overlap (batches in flight), so they add up past the wall time' : ''}`);
  if (otherMs >= 0) row('other (outbox, row reads, building documents)', otherMs);
}

/** Batches of requests sent together, one after another, for one API request. */
const batchesOf = (searches: ObservedSearch[]) => searches.filter((search) => !search.concurrent).length;

/**
 * Meilisearch's share of each API request sent one at a time, in path order: the waits (spans) of one
 * request add up (a match ranks candidates, then fetches the documents it shows). Sorted; empty when
 * the waits do not line up with the requests (an API error).
 */
function waitsPerRequest(spans: number[], captured: ObservedSearch[][], requests: number): number[] {
  const waits: number[] = [];
  let next = 0;
  for (let i = 0; i < requests; i++) {
    const count = batchesOf(captured[i % captured.length]);
    waits.push(spans.slice(next, next + count).reduce((sum, ms) => sum + ms, 0));
    next += count;
  }
  return next === spans.length ? waits.sort((a, b) => a - b) : [];
}

async function main() {
  const dims = process.env.EMBEDDINGS_DIMENSIONS ? Number(process.env.EMBEDDINGS_DIMENSIONS) : null;
  console.log(`bench:search — ${TASKS.toLocaleString('en')} tasks, ${INSTITUTES.toLocaleString('en')} institutes, ${REQUESTS} requests/scenario after ${WARMUP} warm-up, concurrency ${CONCURRENCY}, seed ${SEED}`);
  console.log(`Node ${process.version}, ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim()}), load average ${os.loadavg()[0].toFixed(1)}, ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}, ${process.env.MEILI_URL ? 'external' : 'bundled'} Meilisearch`);

  const bench = await startBenchApp({ embeddings: { provider: 'builtin', openaiApiKey: null, openaiBaseUrl: null, openaiModel: 'none', dimensions: dims } });
  const loadClient = startHttpLoadClient();
  const stop = async (interrupted = false) => {
    await loadClient.stop();
    await (interrupted ? bench.interrupt() : bench.close());
  };
  process.once('SIGINT', () => {
    console.log('\nInterrupted: stopping Meilisearch and removing temporary data…');
    void stop(true).catch(() => undefined).finally(() => process.exit(130));
  });
  try {
    const { app } = bench;
    console.log(`Embedder: ${app.embedder.embedder.id} (${app.embedder.embedder.dimensions} dimensions)`);
    // Applies index settings on the empty database, so the first timed drain is only documents.
    await app.indexer.drain();

    console.log('\n1. Data (bulk insert with outbox rows)');
    const loaded = await loadData(bench);
    console.log(`  institutes inserted in ${seconds(loaded.instituteInsertMs)} (avg description ${Math.round(loaded.avgInstituteDescription)} chars)`);
    const instrument = instrumentIndexing(app);
    console.log('\n2. Indexing (drain of the outbox: embedding, embedding cache, Meilisearch)');
    const institutes = await drainTimed(bench, 'institutes', INSTITUTES, app.indexNames.institutes, instrument);
    printIndexing(institutes);
    const taskInsertMs = await loaded.insertTasks();
    const { counts } = loaded;
    console.log(`  tasks inserted in ${seconds(taskInsertMs)}: ${counts.published.toLocaleString('en')} published (${counts.fresh} within the alert window), ru ${counts.ru} / kk ${counts.kk} / en ${counts.en}`);
    const tasks = await drainTimed(bench, 'tasks', TASKS, app.indexNames.tasks, instrument);
    // Tasks indexed within the alert window go to alerts, which run a profile match for each one.
    const started = performance.now();
    await app.alerts.service.whenIdle();
    const alertsTailMs = performance.now() - started;
    instrument.restore();
    printIndexing(tasks);
    console.log(`    alerts still matching after the task drain ended: ${seconds(alertsTailMs)} (${counts.fresh} fresh tasks get a profile match each)`);

    console.log(`\n3. Latency (load average ${os.loadavg()[0].toFixed(1)})`);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const actor = { userId: null, tokenId: null, label: 'bench' };
    const { token } = await createTokensService({ db: app.db }).issueToken({ name: 'bench', role: 'admin', organisationId: null }, actor, null);
    const admin = { authorization: `Bearer ${token}` };

    const queryRng = loaded.rng.fork('queries');
    const scenarios = [
      { name: 'task search', paths: generateTaskQueries(queryRng, loaded.data, DISTINCT_REQUESTS).map((p) => `/api/search/tasks?${toQueryString(p)}`), headers: {} as Record<string, string>, search: true },
      { name: 'institute search', paths: generateInstituteQueries(queryRng, loaded.data, DISTINCT_REQUESTS).map((p) => `/api/search/institutes?${toQueryString(p)}`), headers: {}, search: true },
      { name: 'task → institutes', paths: loaded.publishedTaskIds.map((id) => `/api/tasks/${id}/matches`), headers: admin, search: false },
      { name: 'institute → tasks', paths: loaded.instituteIds.map((id) => `/api/institutes/${id}/matches`), headers: admin, search: false },
    ];

    const tap = tapSearches(app.meili.client);
    const rows: Array<{ name: string; api: LoadStats; direct: LoadStats; api1: LoadStats; direct1: LoadStats; apiResult: LoadResult; inside: number[]; captured: ObservedSearch[][] }> = [];
    for (const scenario of scenarios) {
      // Record the exact Meilisearch requests behind each API request (q, filter, hybrid, vector…):
      // a search with words sends two at once (page and counts), a match two in turn (candidates,
      // then the documents shown).
      const captured: ObservedSearch[][] = [];
      for (const path of scenario.paths) {
        const sent: ObservedSearch[] = [];
        tap.listen((search) => sent.push(search), { measureBytes: true });
        const response = await app.inject({ method: 'GET', url: path, headers: scenario.headers });
        if (response.statusCode !== 200) throw new Error(`${path} answered ${response.statusCode}: ${response.body.slice(0, 300)}`);
        if (sent.length === 0) throw new Error(`${path} sent nothing to Meilisearch`);
        captured.push(sent);
      }

      tap.listen(null);
      const apiResult = await loadClient.run({ baseUrl, paths: scenario.paths, headers: scenario.headers, warmup: WARMUP, requests: REQUESTS, concurrency: CONCURRENCY });
      if (apiResult.errors) console.log(`  ${scenario.name}: ${apiResult.errors} API errors, first: ${apiResult.firstError}`);

      const replay = (i: number) => replayRequest(app.meili.client, captured[i % captured.length]);
      await runClosedLoop(WARMUP, CONCURRENCY, replay);
      const directResult = await runClosedLoop(REQUESTS, CONCURRENCY, replay);
      if (directResult.errors) console.log(`  ${scenario.name}: ${directResult.errors} direct errors, first: ${directResult.firstError}`);
      // One request at a time: the latency a person sees, without queueing behind other requests
      // for the two cores (the load client, the API and Meilisearch share them).
      const spans: number[] = [];
      tap.listenSpans((ms) => spans.push(ms));
      const api1 = await loadClient.run({ baseUrl, paths: scenario.paths, headers: scenario.headers, warmup: 0, requests: Math.ceil(REQUESTS / 2), concurrency: 1 });
      tap.listenSpans(null);
      const inside = waitsPerRequest(spans, captured, Math.ceil(REQUESTS / 2));
      const direct1 = await runClosedLoop(Math.ceil(REQUESTS / 2), 1, replay);
      rows.push({ name: scenario.name, api: summarizeLoad(apiResult), direct: summarizeLoad(directResult), api1: summarizeLoad(api1), direct1: summarizeLoad(direct1), apiResult, inside, captured });
      console.log(`  ${scenario.name}: done`);
    }
    tap.restore();

    const f = (n: number) => n.toFixed(1).padStart(7);
    console.log(`\n  ${'scenario'.padEnd(40)} ${'p50 ms'.padStart(7)} ${'p95 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'req/s'.padStart(7)} ${'errors'.padStart(6)}  response`);
    for (const [label, pick] of [[`concurrency ${CONCURRENCY} (throughput)`, 'load'], ['concurrency 1 (latency of one request)', 'single']] as const) {
      console.log(`  ${label}`);
      for (const row of rows) {
        const avgDirectBytes = row.captured.reduce((sum, sent) => sum + sent.reduce((bytes, c) => bytes + (c.bytes ?? 0), 0), 0) / row.captured.length;
        const [api, direct] = pick === 'load' ? [row.api, row.direct] : [row.api1, row.direct1];
        for (const [kind, stats, bytes] of [['API', api, row.apiResult.avgBytes ?? 0], ['direct Meilisearch', direct, avgDirectBytes]] as const) {
          console.log(`  ${`${row.name} — ${kind}`.padEnd(40)} ${f(stats.p50)} ${f(stats.p95)} ${f(stats.p99)} ${f(stats.throughput)} ${String(stats.errors).padStart(6)}  ${(bytes / 1024).toFixed(1)} kB`);
        }
      }
    }
    console.log('\n  Inside the API, one request at a time: how long the server waited on Meilisearch per request');
    for (const row of rows) {
      console.log(`  ${row.name.padEnd(20)} Meilisearch p50 ${formatMs(percentile(row.inside, 50))}, p95 ${formatMs(percentile(row.inside, 95))}; API p50 ${formatMs(row.api1.p50)} → ${formatMs(row.api1.p50 - percentile(row.inside, 50))} around it`);
    }

    console.log('\n4. Targets');
    for (const [label, api, direct] of [[`concurrency ${CONCURRENCY}`, 'api', 'direct'], ['concurrency 1', 'api1', 'direct1']] as const) {
      for (const row of rows) {
        const ratio = row[api].p95 / row[direct].p95;
        console.log(`  ${row.name.padEnd(20)} ${label}: API p95 / direct p95 = ${formatMs(row[api].p95)} / ${formatMs(row[direct].p95)} = ${ratio.toFixed(2)}× (≤ ${TARGETS.ratio}×) → ${verdict(ratio <= TARGETS.ratio)}`);
      }
      for (const row of rows.filter((_, i) => scenarios[i].search)) {
        console.log(`  ${row.name.padEnd(20)} ${label}: API p95 ${formatMs(row[api].p95)} (≤ ${TARGETS.searchP95Ms} ms) → ${verdict(row[api].p95 <= TARGETS.searchP95Ms)}`);
      }
    }
    console.log(`  ${INSTITUTES.toLocaleString('en')} profiles embedded + indexed in ${seconds(institutes.wallMs)} (≤ ${TARGETS.instituteIndexingS} s${INSTITUTES === 20_000 ? '' : ', target is for 20 000'}) → ${verdict(institutes.wallMs / 1000 <= TARGETS.instituteIndexingS)}`);
  } finally {
    await stop();
  }
}

await main();
