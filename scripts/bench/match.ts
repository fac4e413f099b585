// npm run bench:match — matching quality on the dev evaluation set (scripts/bench/eval/dev-set.json):
// nDCG@10, recall@10 and MRR for keyword-only retrieval, the builtin hybrid matcher, and the
// OpenAI-compatible hybrid matcher when OPENAI_API_KEY or OPENAI_BASE_URL is set.
// Usage: npm run bench:match [-- path/to/set.json]
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBenchApp, type BenchApp } from './lib/bench-app.ts';
import { computeNdcg, computeRecall, computeReciprocalRank, mean, type Judgements } from './lib/ranking-metrics.ts';
import { createImportService } from '../../server/modules/importer/import.service.ts';
import { createMatchingService } from '../../server/modules/matching/matching.service.ts';
import { ANONYMOUS } from '../../server/modules/auth/auth-context.ts';
import { tasks as tasksTable } from '../../server/modules/tasks/tasks.table.ts';
import type { InstituteDocument } from '../../server/modules/search/search.documents.ts';

interface EvalSet {
  institutes: Array<{ externalId: string; lang: string }>;
  tasks: Array<{ externalId: string; lang: string; title: string; description: string }>;
  qrels: Record<string, Judgements>;
}

const DEFAULT_SET = path.join(path.dirname(fileURLToPath(import.meta.url)), 'eval', 'dev-set.json');
const ADMIN = { ...ANONYMOUS, via: 'token' as const, isAdmin: true };
const K = 10;

type Ranker = (task: EvalSet['tasks'][number], taskId: string) => Promise<string[]>;

async function prepare(bench: BenchApp, set: EvalSet) {
  await createImportService({ db: bench.app.db }).importFile({ institutes: set.institutes, tasks: set.tasks });
  const started = performance.now();
  await bench.app.indexer.drain();
  const indexSeconds = (performance.now() - started) / 1000;
  const rows = await bench.app.db.select({ id: tasksTable.id, externalId: tasksTable.externalId }).from(tasksTable);
  return { taskIds: new Map(rows.map((row) => [row.externalId!, row.id])), indexSeconds };
}

function keywordRanker(bench: BenchApp): Ranker {
  return async (task) => {
    const result = await bench.app.meili.client.index<InstituteDocument>(bench.app.indexNames.institutes).search(`${task.title} ${task.description}`, { limit: K });
    return result.hits.map((hit) => hit.externalId!);
  };
}

function matcherRanker(bench: BenchApp): Ranker {
  const service = createMatchingService({ db: bench.app.db, meili: bench.app.meili.client, indexNames: bench.app.indexNames, embedder: bench.app.embedder, regionWeight: bench.config.matchRegionWeight });
  return async (_task, taskId) => (await service.matchInstitutesForTask(ADMIN, taskId, { limit: K, locale: 'en' })).matches.map((match) => match.institute.externalId!);
}

async function evaluate(name: string, set: EvalSet, taskIds: Map<string, string>, rank: Ranker) {
  const languageOf = new Map(set.institutes.map((institute) => [institute.externalId, institute.lang]));
  const ndcg: number[] = [], recall: number[] = [], mrr: number[] = [], crossRecall: number[] = [], crossNdcg: number[] = [];
  const latencies: number[] = [];
  for (const task of set.tasks) {
    const judgements = set.qrels[task.externalId];
    if (!judgements) continue;
    const started = performance.now();
    const ranked = await rank(task, taskIds.get(task.externalId)!);
    latencies.push(performance.now() - started);
    ndcg.push(computeNdcg(ranked, judgements, K));
    recall.push(computeRecall(ranked, judgements, K, 1) ?? 0);
    mrr.push(computeReciprocalRank(ranked, judgements, 2));
    // Cross-lingual: the strongly relevant institutes (grade ≥ 2) written in another language.
    const cross = computeRecall(ranked, judgements, K, 2, (id) => languageOf.get(id) !== task.lang);
    if (cross !== null) {
      crossRecall.push(cross);
      crossNdcg.push(ndcg.at(-1)!);
    }
  }
  return { name, nDCG10: mean(ndcg), recall10: mean(recall), MRR: mean(mrr), crossRecall10: mean(crossRecall), crossNdcg10: mean(crossNdcg), crossTasks: crossRecall.length, tasks: ndcg.length, meanLatencyMs: mean(latencies) };
}

async function main() {
  const setPath = process.argv[2] ?? DEFAULT_SET;
  const set = JSON.parse(await fs.readFile(setPath, 'utf8')) as EvalSet;
  console.log(`Evaluation set: ${path.relative(process.cwd(), setPath)} — ${set.institutes.length} institutes, ${set.tasks.length} tasks`);
  const results = [];

  const builtin = await startBenchApp({ embeddings: { provider: 'builtin', openaiApiKey: null, openaiBaseUrl: null, openaiModel: 'none', dimensions: null } });
  try {
    const { taskIds, indexSeconds } = await prepare(builtin, set);
    console.log(`Indexed with the builtin embedder in ${indexSeconds.toFixed(1)} s`);
    results.push(await evaluate('keyword only', set, taskIds, keywordRanker(builtin)));
    results.push(await evaluate('builtin hybrid', set, taskIds, matcherRanker(builtin)));
  } finally {
    await builtin.close();
  }

  if (process.env.OPENAI_API_KEY || process.env.OPENAI_BASE_URL) {
    const openai = await startBenchApp();
    try {
      const { taskIds } = await prepare(openai, set);
      results.push(await evaluate(`openai hybrid (${openai.config.embeddings.openaiModel})`, set, taskIds, matcherRanker(openai)));
    } finally {
      await openai.close();
    }
  } else {
    console.log('openai hybrid: skipped (set OPENAI_API_KEY, or OPENAI_BASE_URL for a local OpenAI-compatible server)');
  }

  const table = results.map((r) => ({
    mode: r.name, 'nDCG@10': r.nDCG10.toFixed(3), 'recall@10': r.recall10.toFixed(3), MRR: r.MRR.toFixed(3),
    'cross-lingual recall@10': r.crossRecall10.toFixed(3), 'cross-lingual nDCG@10': r.crossNdcg10.toFixed(3), 'ms/query': r.meanLatencyMs.toFixed(1),
  }));
  console.table(table);
  console.log(`(${results[0].tasks} judged tasks, ${results[0].crossTasks} with cross-lingual relevant institutes; recall counts grade ≥ 1, MRR and cross-lingual recall grade ≥ 2)`);
  const builtinResult = results.find((r) => r.name === 'builtin hybrid')!;
  console.log(`Targets (builtin): nDCG@10 ≥ 0.80 → ${builtinResult.nDCG10 >= 0.8 ? 'met' : 'NOT met'}; cross-lingual recall@10 ≥ 0.70 → ${builtinResult.crossRecall10 >= 0.7 ? 'met' : 'NOT met'}`);
}

await main();
