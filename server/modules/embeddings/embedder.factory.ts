// Picks the embedding adapter from config; the rest of the server only sees the Embedder port.
import type { Thesaurus } from '../thesaurus/thesaurus.ts';
import { createBuiltinEmbedder } from './builtin.embedder.ts';
import type { Embedder } from './embedder.port.ts';
import { createOpenAIEmbedder, EmbeddingError, type OpenAIEmbedderOptions } from './openai.embedder.ts';

export interface EmbedderConfig {
  provider: 'builtin' | 'openai';
  builtin?: { dimensions?: number; thesaurus?: Thesaurus };
  openai?: OpenAIEmbedderOptions;
}

export function createEmbedder(config: EmbedderConfig): Embedder {
  switch (config.provider) {
    case 'builtin':
      return createBuiltinEmbedder(config.builtin);
    case 'openai':
      if (!config.openai?.model) {
        throw new EmbeddingError('bad_request', 'The openai embedding provider needs a model: set OPENAI_EMBEDDING_MODEL (and OPENAI_BASE_URL for a local server)');
      }
      return createOpenAIEmbedder(config.openai);
    default:
      throw new EmbeddingError('bad_request', `Unknown embedding provider "${String((config as { provider: unknown }).provider)}": use builtin or openai`);
  }
}

/**
 * The embedder's dimensions, asking the server once when they were not configured (OpenAI-compatible
 * providers learn them from the first answer). Call at boot, before index settings and cache keys
 * need them: until then an OpenAI embedder's id ends in ":auto".
 */
export async function ensureDimensions(embedder: Embedder): Promise<number> {
  if (embedder.dimensions === 0) await embedder.embed(['dimension probe'], 'query');
  return embedder.dimensions;
}
