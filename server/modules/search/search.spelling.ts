// "Did you mean": the nearest known spelling of a query's words, offered when a search finds nothing.
// Known words are those of the concept thesaurus (ru/kk/en terms and labels of this domain), so a
// correction is always a word the index can match through its synonyms and concept labels.
// Meilisearch already forgives one typo from 5 letters and two from 9; this reaches further (two
// edits from 5 letters, one from 3) and only runs when there is nothing to show.
import { getDefaultThesaurus, type Thesaurus } from '../thesaurus/thesaurus.ts';

const WORD = /[\p{L}\p{N}]+/gu;
const MIN_WORD = 3;

let cached: { thesaurus: Thesaurus; words: Set<string>; byLength: Map<number, string[]> } | null = null;

function vocabularyOf(thesaurus: Thesaurus) {
  if (cached?.thesaurus === thesaurus) return cached;
  const words = new Set<string>();
  for (const concept of thesaurus.concepts) {
    const texts = [...Object.values(concept.label), ...Object.values(concept.terms).flat()];
    for (const text of texts) for (const word of text.toLowerCase().match(WORD) ?? []) if (word.length >= MIN_WORD) words.add(word);
  }
  const byLength = new Map<number, string[]>();
  for (const word of [...words].sort()) byLength.set(word.length, [...(byLength.get(word.length) ?? []), word]);
  cached = { thesaurus, words, byLength };
  return cached;
}

/** Damerau–Levenshtein (adjacent transpositions) with an early exit once every cell exceeds `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, beforePrevious[j - 2] + 1);
      current[j] = value;
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length];
}

const allowedEdits = (length: number) => (length >= 5 ? 2 : 1);

/** The nearest known word (fewest edits, then alphabetical), or null when none is close enough. */
export function nearestWord(word: string, thesaurus: Thesaurus = getDefaultThesaurus()): string | null {
  const lower = word.toLowerCase();
  const { words, byLength } = vocabularyOf(thesaurus);
  if (lower.length < MIN_WORD || words.has(lower) || /^\p{N}+$/u.test(lower)) return null;
  const max = allowedEdits(lower.length);
  let best: { word: string; distance: number } | null = null;
  for (let length = lower.length - max; length <= lower.length + max; length++) {
    for (const candidate of byLength.get(length) ?? []) {
      const distance = editDistance(lower, candidate, best ? Math.min(max, best.distance) : max);
      if (distance <= max && (!best || distance < best.distance || (distance === best.distance && candidate < best.word))) best = { word: candidate, distance };
    }
  }
  return best?.word ?? null;
}

/** The query with each unknown word replaced by its nearest known word; null when nothing changes. */
export function correctSpelling(q: string, thesaurus: Thesaurus = getDefaultThesaurus()): string | null {
  let changed = false;
  const corrected = q.replace(WORD, (word) => {
    const nearest = nearestWord(word, thesaurus);
    if (nearest === null) return word;
    changed = true;
    return nearest;
  });
  return changed ? corrected.trim() : null;
}
