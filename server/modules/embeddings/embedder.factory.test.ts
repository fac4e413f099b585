import { describe, expect, it } from 'vitest';
import { loadThesaurus } from '../thesaurus/thesaurus.ts';
import { createEmbedder, ensureDimensions } from './embedder.factory.ts';
import type { Embedder } from './embedder.port.ts';
import { EmbeddingError } from './openai.embedder.ts';

describe('createEmbedder', () => {
  it('builds the builtin embedder with its options', () => {
    const embedder = createEmbedder({ provider: 'builtin', builtin: { dimensions: 64, thesaurus: loadThesaurus([]) } });
    expect(embedder.id).toMatch(/^builtin:v1:[0-9a-f]{10}:64$/);
  });

  it('builds the OpenAI-compatible embedder, named after the server host and model', () => {
    const embedder = createEmbedder({ provider: 'openai', openai: { baseURL: 'http://127.0.0.1:11434/v1', model: 'bge-m3', dimensions: 1024 } });
    expect(embedder.id).toBe('openai:127.0.0.1:11434:bge-m3:1024');
  });

  it('explains a missing model or an unknown provider', () => {
    expect(() => createEmbedder({ provider: 'openai' })).toThrow(/OPENAI_EMBEDDING_MODEL/);
    expect(() => createEmbedder({ provider: 'nope' as 'builtin' })).toThrow(EmbeddingError);
  });

  it('learns unknown dimensions with one probe, and only when unknown', async () => {
    let calls = 0;
    let dimensions = 0;
    const learning: Embedder = {
      id: 'stub',
      get dimensions() {
        return dimensions;
      },
      async embed(texts) {
        calls++;
        dimensions = 3;
        return texts.map(() => [1, 0, 0]);
      },
    };
    expect(await ensureDimensions(learning)).toBe(3);
    expect(await ensureDimensions(learning)).toBe(3);
    expect(calls).toBe(1);
  });
});
