// Feature hashing for the builtin embedder: a fixed, seedless hash, so vectors are identical across
// processes, machines and releases (they are stored and compared later).

/** FNV-1a over UTF-16 code units, finished with murmur3's fmix32 so low bits (the slot) mix well. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Sparse, signed contributions of one feature group to a dense vector. */
export interface SparseFeatures {
  slots: Int32Array;
  values: Float32Array;
}

// Cyrillic folded to Latin for the character n-grams only, so shared international roots still meet
// across scripts ("флотация"/"flotation", "кадмий"/"cadmium") while whole-word features stay exact.
const TRANSLIT: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ж: 'zh', з: 'z', и: 'i', й: 'i', к: 'k', л: 'l', м: 'm',
  н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'h', ц: 'c', ч: 'ch', ш: 'sh', щ: 'sh',
  ъ: '', ы: 'i', ь: '', э: 'e', ю: 'yu', я: 'ya', ә: 'a', ғ: 'g', қ: 'k', ң: 'n', ө: 'o', ұ: 'u', ү: 'u',
  һ: 'h', і: 'i', y: 'i',
};

export function transliterate(stem: string): string {
  let out = '';
  for (const ch of stem) out += TRANSLIT[ch] ?? ch;
  return out;
}

const NGRAM_MIN = 3;
const NGRAM_MAX = 5;
// The whole word carries as much weight as all its n-grams together: exact stems dominate,
// n-grams catch what the stemmer missed (derivations, compounds, loanwords).
const WORD_SHARE = 0.5;

/** Unit-norm features of one stem: the stem itself plus boundary-marked character 3–5-grams. */
export function computeStemFeatures(stem: string, dimensions: number): SparseFeatures {
  const hashes: number[] = [hashString(`w:${stem}`)];
  const marked = `^${transliterate(stem)}$`;
  for (let n = NGRAM_MIN; n <= NGRAM_MAX; n++) {
    for (let i = 0; i + n <= marked.length; i++) hashes.push(hashString(`g:${marked.slice(i, i + n)}`));
  }
  const ngramCount = hashes.length - 1;
  const wordWeight = ngramCount > 0 ? Math.sqrt(WORD_SHARE) : 1;
  const ngramWeight = ngramCount > 0 ? Math.sqrt((1 - WORD_SHARE) / ngramCount) : 0;
  const slots = new Int32Array(hashes.length);
  const values = new Float32Array(hashes.length);
  hashes.forEach((h, i) => {
    slots[i] = h % dimensions;
    // The top bit is independent of the slot: signed hashing makes collisions cancel on average.
    values[i] = (h & 0x80000000 ? -1 : 1) * (i === 0 ? wordWeight : ngramWeight);
  });
  return { slots, values };
}

// Several slots per concept: a collision between two unrelated concepts then costs a fraction
// of their weight instead of making them look identical.
const CONCEPT_SLOTS = 4;

export function computeConceptFeatures(conceptId: string, dimensions: number): SparseFeatures {
  const slots = new Int32Array(CONCEPT_SLOTS);
  const values = new Float32Array(CONCEPT_SLOTS);
  for (let k = 0; k < CONCEPT_SLOTS; k++) {
    const h = hashString(`c:${conceptId}#${k}`);
    slots[k] = h % dimensions;
    values[k] = (h & 0x80000000 ? -1 : 1) / Math.sqrt(CONCEPT_SLOTS);
  }
  return { slots, values };
}

export function addFeatures(target: Float64Array, features: SparseFeatures, weight: number): void {
  const { slots, values } = features;
  for (let i = 0; i < slots.length; i++) target[slots[i]] += values[i] * weight;
}

export function computeNorm(vector: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < vector.length; i++) sum += vector[i] * vector[i];
  return Math.sqrt(sum);
}
