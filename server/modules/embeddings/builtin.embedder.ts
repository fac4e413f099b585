// Offline, deterministic multilingual embeddings: hashed stems and character n-grams for wording,
// plus thesaurus concepts for meaning. Concepts are what make "шахтная вода" and "mine water"
// close although they share no character; the lexical part ranks texts that share the concepts.
import { detectLanguage, stemToken, tokenizeWithOffsets } from '../thesaurus/text.ts';
import { getDefaultThesaurus, THESAURUS_VERSION, type Thesaurus } from '../thesaurus/thesaurus.ts';
import {
  addFeatures,
  computeConceptFeatures,
  computeNorm,
  computeStemFeatures,
  type SparseFeatures,
} from './builtin.features.ts';
import { FUNCTION_WORD_STEMS, GENERIC_WORD_STEMS } from './builtin.stopwords.ts';
import type { Embedder } from './embedder.port.ts';

/** Bumped whenever the features or their weights change. */
const BUILTIN_ALGORITHM_VERSION = 'v1';

export interface BuiltinEmbedderOptions {
  dimensions?: number;
  /** Defaults to the bundled thesaurus; tests pass fixture concepts. */
  thesaurus?: Thesaurus;
}

const FUNCTION_WORD_WEIGHT = 0.05;
const GENERIC_WORD_WEIGHT = 0.3;
// Lone letters and bare numbers say little about the subject.
const SHORT_TOKEN_WEIGHT = 0.2;
const NUMBER_WEIGHT = 0.3;

// Share of the vector's energy given to concepts when the text has any. Two texts with the same
// concepts and no shared words land near this cosine; shared wording adds the rest.
const CONCEPT_SHARE = 0.65;
// A broader concept counts this much per hop, so "mine water" also leans towards "water treatment".
const BROADER_DECAY = 0.4;
const BROADER_DEPTH = 2;

// Stems repeat heavily across texts; the per-stem features are cached. Dropped wholesale when full.
const FEATURE_CACHE_LIMIT = 200_000;
const YIELD_EVERY = 256;

function weighStem(stem: string): number {
  if (FUNCTION_WORD_STEMS.has(stem)) return FUNCTION_WORD_WEIGHT;
  if (GENERIC_WORD_STEMS.has(stem)) return GENERIC_WORD_WEIGHT;
  if (/^\d+$/.test(stem)) return NUMBER_WEIGHT;
  if (stem.length <= 1) return SHORT_TOKEN_WEIGHT;
  return 1;
}

/** Adds `source` scaled to unit length times `weight` into `target`; false when `source` is empty. */
function addNormalized(target: Float64Array, source: Float64Array, weight: number): boolean {
  const norm = computeNorm(source);
  if (norm === 0) return false;
  for (let i = 0; i < target.length; i++) target[i] += (source[i] / norm) * weight;
  return true;
}

export function createBuiltinEmbedder(options: BuiltinEmbedderOptions = {}): Embedder {
  const dimensions = options.dimensions ?? 768;
  if (!Number.isInteger(dimensions) || dimensions < 16) {
    throw new Error(`Builtin embedder dimensions must be an integer ≥ 16 (got ${dimensions})`);
  }
  // The bundled thesaurus is only parsed when the first text is embedded; its version is known already.
  const version = options.thesaurus?.version ?? THESAURUS_VERSION;
  const getThesaurus = () => options.thesaurus ?? getDefaultThesaurus();

  const stemCache = new Map<string, SparseFeatures>();
  const conceptCache = new Map<string, SparseFeatures>();
  const broaderCache = new Map<string, Map<string, number>>();

  function getStemFeatures(stem: string): SparseFeatures {
    let features = stemCache.get(stem);
    if (!features) {
      if (stemCache.size >= FEATURE_CACHE_LIMIT) stemCache.clear();
      features = computeStemFeatures(stem, dimensions);
      stemCache.set(stem, features);
    }
    return features;
  }

  function getConceptFeatures(id: string): SparseFeatures {
    let features = conceptCache.get(id);
    if (!features) conceptCache.set(id, (features = computeConceptFeatures(id, dimensions)));
    return features;
  }

  function getBroader(thesaurus: Thesaurus, id: string): Map<string, number> {
    let broader = broaderCache.get(id);
    if (!broader) broaderCache.set(id, (broader = thesaurus.expandBroader([id], BROADER_DEPTH)));
    return broader;
  }

  function embedOne(thesaurus: Thesaurus, text: string): number[] {
    const tokens = tokenizeWithOffsets(text);
    const words = tokens.map((t) => t.text);
    const language = detectLanguage(words);
    const stems = words.map((w) => stemToken(w, language));

    // Sub-linear term frequency: the tenth "вода" adds far less than the first.
    const counts = new Map<string, number>();
    for (const stem of stems) counts.set(stem, (counts.get(stem) ?? 0) + 1);
    const lexical = new Float64Array(dimensions);
    for (const [stem, count] of counts) addFeatures(lexical, getStemFeatures(stem), (1 + Math.log(count)) * weighStem(stem));

    const conceptCounts = new Map<string, number>();
    for (const hit of thesaurus.extractConceptsFromTokens(tokens, stems, language)) {
      conceptCounts.set(hit.conceptId, (conceptCounts.get(hit.conceptId) ?? 0) + 1);
    }
    // A concept's weight is the strongest of its own mentions and its narrower concepts' (decayed) ones:
    // a max, not a sum, so a broad parent of many mentioned children does not drown them.
    const conceptWeights = new Map<string, number>();
    for (const [id, count] of conceptCounts) {
      const weight = 1 + Math.log(count);
      for (const [relatedId, distance] of getBroader(thesaurus, id)) {
        const w = weight * BROADER_DECAY ** distance;
        if (w > (conceptWeights.get(relatedId) ?? 0)) conceptWeights.set(relatedId, w);
      }
    }
    const conceptual = new Float64Array(dimensions);
    for (const [id, weight] of conceptWeights) addFeatures(conceptual, getConceptFeatures(id), weight);

    // Each part is normalised before mixing so the concept share does not depend on text length.
    const mixed = new Float64Array(dimensions);
    const hasConcepts = addNormalized(mixed, conceptual, Math.sqrt(CONCEPT_SHARE));
    addNormalized(mixed, lexical, hasConcepts ? Math.sqrt(1 - CONCEPT_SHARE) : 1);
    const norm = computeNorm(mixed);
    // An empty (or symbol-only) text stays the zero vector: it has no direction to compare.
    const scale = norm === 0 ? 0 : 1 / norm;
    const vector = new Array<number>(dimensions);
    for (let i = 0; i < dimensions; i++) vector[i] = mixed[i] * scale;
    return vector;
  }

  return {
    id: `builtin:${BUILTIN_ALGORITHM_VERSION}:${version}:${dimensions}`,
    dimensions,
    async embed(texts) {
      const thesaurus = getThesaurus();
      const vectors: number[][] = [];
      for (let i = 0; i < texts.length; i++) {
        // Reindexing embeds thousands of texts in one call: let the server answer requests meanwhile.
        if (i > 0 && i % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
        vectors.push(embedOne(thesaurus, texts[i]));
      }
      return vectors;
    },
  };
}
