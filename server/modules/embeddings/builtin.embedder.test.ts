import { describe, expect, it } from 'vitest';
import { FIXTURE_CONCEPTS } from '../thesaurus/test-fixtures/concepts.fixture.ts';
import { loadThesaurus } from '../thesaurus/thesaurus.ts';
import { createBuiltinEmbedder } from './builtin.embedder.ts';

const thesaurus = loadThesaurus(FIXTURE_CONCEPTS);

function cosine(a: number[], b: number[]): number {
  return a.reduce((sum, x, i) => sum + x * b[i], 0);
}

function norm(a: number[]): number {
  return Math.sqrt(cosine(a, a));
}

describe('builtin embedder', () => {
  it('returns unit vectors of the configured dimension', async () => {
    const embedder = createBuiltinEmbedder({ dimensions: 256, thesaurus });
    const [a, b] = await embedder.embed(['Очистка шахтных вод', 'mine water'], 'document');
    expect(embedder.dimensions).toBe(256);
    expect(a).toHaveLength(256);
    expect(norm(a)).toBeCloseTo(1, 6);
    expect(norm(b)).toBeCloseTo(1, 6);
  });

  it('is deterministic across instances and does not depend on batch composition or purpose', async () => {
    const first = createBuiltinEmbedder({ thesaurus });
    const second = createBuiltinEmbedder({ thesaurus });
    const [alone] = await first.embed(['флотация медной руды'], 'query');
    const [, inBatch] = await second.embed(['другой текст', 'флотация медной руды'], 'document');
    expect(inBatch).toEqual(alone);
  });

  it('names its algorithm, thesaurus version and dimensions in its id', () => {
    const embedder = createBuiltinEmbedder({ dimensions: 384, thesaurus });
    expect(embedder.id).toBe(`builtin:v1:${thesaurus.version}:384`);
    expect(createBuiltinEmbedder({ thesaurus: loadThesaurus(FIXTURE_CONCEPTS.slice(1)) }).id).not.toBe(embedder.id);
  });

  it('puts a Russian and an English text about the same concepts closer than unrelated texts', async () => {
    const embedder = createBuiltinEmbedder({ thesaurus });
    const [ru, en, unrelated, kk] = await embedder.embed(
      [
        'Шахтная вода: очистка от тяжёлых металлов',
        'Mine water treatment, heavy metals removal',
        'Wheat drought tolerance breeding',
        'Кәсіпорын шахта суларын ауыр металдардан тазартуды қажет етеді',
      ],
      'document',
    );
    expect(cosine(ru, en)).toBeGreaterThan(0.4);
    expect(cosine(kk, en)).toBeGreaterThan(0.4);
    expect(cosine(ru, unrelated)).toBeLessThan(0.15);
    expect(cosine(ru, en)).toBeGreaterThan(cosine(ru, unrelated) + 0.3);
  });

  it('brings a shop-floor phrase close to the scientific one through their shared concept', async () => {
    const embedder = createBuiltinEmbedder({ thesaurus });
    const [colloquial, scientific, unrelated] = await embedder.embed(
      ['Котлы забиваются накипью', 'Ингибирование накипеобразования', 'Селекция яровой пшеницы'],
      'query',
    );
    expect(cosine(colloquial, scientific)).toBeGreaterThan(cosine(colloquial, unrelated) + 0.3);
  });

  it('matches inflected forms of the same words in one language without the thesaurus', async () => {
    const embedder = createBuiltinEmbedder({ thesaurus: loadThesaurus([]) });
    const [a, b, c] = await embedder.embed(['флотация медной руды', 'флотации медных руд', 'селекция пшеницы'], 'document');
    expect(cosine(a, b)).toBeGreaterThan(0.8);
    expect(cosine(a, c)).toBeLessThan(0.2);
  });

  it('gives little weight to function words', async () => {
    const embedder = createBuiltinEmbedder({ thesaurus: loadThesaurus([]) });
    const [a, b] = await embedder.embed(['флотация руды и это для того', 'флотация руды'], 'document');
    expect(cosine(a, b)).toBeGreaterThan(0.95);
  });

  it('embeds an empty text as the zero vector instead of failing', async () => {
    const embedder = createBuiltinEmbedder({ dimensions: 32, thesaurus });
    const [empty] = await embedder.embed([''], 'query');
    expect(empty).toEqual(new Array(32).fill(0));
  });
});
