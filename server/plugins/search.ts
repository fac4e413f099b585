import fp from 'fastify-plugin';
import path from 'node:path';
import type { Meilisearch } from 'meilisearch';
import { superviseLocalMeilisearch, type SupervisedMeilisearch, type SupervisorState } from '../search/meili-supervisor.ts';
import { createMeiliClient, checkMeiliHealth } from '../search/meili-client.ts';

declare module 'fastify' {
  interface FastifyInstance {
    // Not `search`: that name is taken by Fastify's SEARCH-method route shorthand.
    meili: SearchServer;
  }
}

export interface SearchServer {
  client: Meilisearch;
  url: string;
  indexPrefix: string;
  /** True when Kopir started this Meilisearch itself (and stops it on close). */
  embedded: boolean;
  health(): Promise<{ status: 'ok' | 'down'; latencyMs: number; error?: string }>;
  /** The supervised process of an embedded Meilisearch; null for one at MEILI_URL. */
  processState(): SupervisorState | null;
  /** Called after the embedded Meilisearch was restarted; never for one at MEILI_URL. */
  onRestart(listener: () => void): void;
}

export interface SearchPluginOptions {
  meiliUrl: string | null;
  meiliMasterKey: string | null;
  indexPrefix: string;
  dataDir: string;
  indexingThreads: number;
}

export const searchPlugin = fp<SearchPluginOptions>(
  async (app, options) => {
    let local: SupervisedMeilisearch | null = null;
    let url: string;
    let apiKey = options.meiliMasterKey;
    if (options.meiliUrl) {
      url = options.meiliUrl;
    } else {
      local = await superviseLocalMeilisearch({ dataDir: path.join(options.dataDir, 'meili'), logger: app.log, indexingThreads: options.indexingThreads });
      url = local.url;
      apiKey = local.masterKey;
      app.log.info({ url }, 'started embedded Meilisearch');
    }
    const client = createMeiliClient({ url, apiKey: apiKey ?? undefined });
    app.decorate('meili', {
      client,
      url,
      indexPrefix: options.indexPrefix,
      embedded: local !== null,
      health: () => checkMeiliHealth(client),
      processState: () => local?.state() ?? null,
      onRestart: (listener) => local?.onRestart(listener),
    });
    app.addHook('onClose', async () => {
      await local?.stop();
    });
  },
  { name: 'search' },
);
