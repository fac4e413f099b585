// Compares request latency of the keep-alive client with the meilisearch package's default fetch
// client against a throwaway local Meilisearch. Run: npx tsx server/search/meili-latency.bench.ts
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Meilisearch } from 'meilisearch';
import { createMeiliClient } from './meili-client.ts';
import { startLocalMeilisearch } from './meili-process.ts';

const ROUNDS = 200;
const silent = { debug() {}, warn() {}, error() {} };

async function measureMedianMs(call: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 10; i++) await call(); // warm up connections and caches
  const samples: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const started = performance.now();
    await call();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

async function runBenchmark(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'kopir-meili-bench-'));
  const meili = await startLocalMeilisearch({ dataDir, logger: silent });
  try {
    const keepAlive = createMeiliClient({ url: meili.url, apiKey: meili.masterKey });
    const fetchClient = new Meilisearch({ host: meili.url, apiKey: meili.masterKey });
    const documents = Array.from({ length: 300 }, (_, id) => ({ id, title: `steel alloy welding ${id}`, body: 'lorem ipsum '.repeat(50) }));
    await keepAlive.index('bench').addDocuments(documents).waitTask();
    // The default client's cost shows on larger answers (~45 ms for ~190 kB here), not on tiny ones.
    const search = (client: Meilisearch, limit: number) => () => client.index('bench').search('welding', { limit });

    const rows = {
      'health, keep-alive': await measureMedianMs(() => keepAlive.health()),
      'health, default fetch': await measureMedianMs(() => fetchClient.health()),
      'search 5 hits, keep-alive': await measureMedianMs(search(keepAlive, 5)),
      'search 5 hits, default fetch': await measureMedianMs(search(fetchClient, 5)),
      'search 200 hits, keep-alive': await measureMedianMs(search(keepAlive, 200)),
      'search 200 hits, default fetch': await measureMedianMs(search(fetchClient, 200)),
    };
    for (const [name, ms] of Object.entries(rows)) console.log(`${name.padEnd(32)} median ${ms.toFixed(2)} ms`);
  } finally {
    await meili.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await runBenchmark();
