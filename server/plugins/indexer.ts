import fp from 'fastify-plugin';
import type { AppConfig } from '../config.ts';
import { createEmbedder, ensureDimensions } from '../modules/embeddings/embedder.factory.ts';
import { createCachedEmbedder, type CachedEmbedder } from '../modules/embeddings/embedding-cache.ts';
import { createIndexer, type Indexer } from '../modules/search/indexer.ts';
import { indexNamesFor, type IndexNames } from '../modules/search/search.settings.ts';

declare module 'fastify' {
  interface FastifyInstance {
    indexer: Indexer;
    embedder: CachedEmbedder;
    indexNames: IndexNames;
  }
}

export function createEmbedderFromConfig(config: AppConfig) {
  const { provider, openaiApiKey, openaiBaseUrl, openaiModel, dimensions } = config.embeddings;
  return createEmbedder({
    provider,
    builtin: { dimensions: dimensions ?? undefined },
    openai: { apiKey: openaiApiKey ?? undefined, baseURL: openaiBaseUrl ?? undefined, model: openaiModel, dimensions: dimensions ?? undefined },
  });
}

/** Embeddings and the outbox indexer; the loop starts with the server and is woken by writes. */
export const indexerPlugin = fp<{ config: AppConfig; startLoop: boolean }>(
  async (app, { config, startLoop }) => {
    const base = createEmbedderFromConfig(config);
    // An OpenAI-compatible model without EMBEDDINGS_DIMENSIONS reveals its size on the first call;
    // index settings and the cache key need it before anything is indexed.
    await ensureDimensions(base);
    // The builtin embedder recomputes a vector faster than the cache stores or reads it.
    const embedder = createCachedEmbedder({ db: app.db, embedder: base, cache: config.embeddings.provider !== 'builtin' });
    const indexNames = indexNamesFor(config.meiliIndexPrefix);
    const indexer = createIndexer({
      db: app.db, meili: app.meili.client, indexNames, embedder, log: app.log, intervalMs: config.indexerIntervalMs,
      // With several processes on one database, one drains the outbox at a time: alerts follow
      // indexing, so a task indexed twice would be announced twice.
      exclusive: (run) => app.database.runExclusive('search-indexer', run),
    });
    app.decorate('embedder', embedder);
    app.decorate('indexNames', indexNames);
    app.decorate('indexer', indexer);

    // Every successful write may have filled the outbox: index it now rather than at the next tick.
    app.addHook('onResponse', async (request, reply) => {
      if (request.method !== 'GET' && reply.statusCode < 400) indexer.kick();
    });
    if (startLoop) {
      app.addHook('onReady', async () => indexer.start());
      // The loop may be backing off (up to a minute) from the outage: drain what waited right away.
      app.meili.onRestart(() => indexer.start());
    }
    app.addHook('onClose', () => indexer.stop());
  },
  { name: 'indexer', dependencies: ['database', 'search'] },
);
