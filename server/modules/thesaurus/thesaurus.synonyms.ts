// Meilisearch synonyms from the thesaurus: a concept's terms become mutual synonyms across languages,
// so a keyword search for "антискалант" also finds "scale inhibitor". Bounded, because every synonym
// multiplies Meilisearch's query work.
import { CONCEPT_LANGUAGES, type Concept } from './thesaurus.loader.ts';
import { tokenize } from './text.ts';

export interface SynonymOptions {
  /** How many terms of one concept take part (labels first, then terms round-robin over languages). */
  maxTermsPerConcept?: number;
  /** Cap on one word's synonym list when it belongs to several concepts. */
  maxSynonymsPerTerm?: number;
  /** Leave out phrases among the picked terms: each is one more phrase Meilisearch matches per query. */
  singleWordsOnly?: boolean;
}

const DEFAULT_TERMS_PER_CONCEPT = 8;
// Single letters would expand nearly every query.
const MIN_TERM_LENGTH = 2;

/** Labels in every language first, then the i-th term of each language, so all languages get a share. */
function pickTerms(concept: Concept, max: number, singleWordsOnly: boolean): string[] {
  const ordered = CONCEPT_LANGUAGES.map((lang) => concept.label[lang]);
  const longest = Math.max(...CONCEPT_LANGUAGES.map((lang) => concept.terms[lang].length));
  for (let i = 0; i < longest; i++) {
    for (const lang of CONCEPT_LANGUAGES) ordered.push(concept.terms[lang][i] ?? '');
  }
  const picked = new Set<string>();
  for (const term of ordered) {
    // Meilisearch normalises too; we normalise the same way to dedupe "Накипь" and "накипь".
    const normalized = tokenize(term).join(' ');
    if (normalized.length < MIN_TERM_LENGTH) continue;
    picked.add(normalized);
    if (picked.size >= max) break;
  }
  // Phrases still take their place among the first `max`, so this narrows the set rather than reaching for further terms.
  return [...picked].filter((term) => !singleWordsOnly || !term.includes(' '));
}

export function buildSynonyms(concepts: readonly Concept[], options: SynonymOptions = {}): Record<string, string[]> {
  const maxTerms = Math.max(2, options.maxTermsPerConcept ?? DEFAULT_TERMS_PER_CONCEPT);
  const maxPerTerm = Math.max(1, options.maxSynonymsPerTerm ?? maxTerms * 2);
  const synonyms = new Map<string, Set<string>>();
  for (const concept of concepts) {
    const terms = pickTerms(concept, maxTerms, options.singleWordsOnly ?? false);
    for (const term of terms) {
      let list = synonyms.get(term);
      if (!list) synonyms.set(term, (list = new Set()));
      for (const other of terms) {
        if (other !== term && list.size < maxPerTerm) list.add(other);
      }
    }
  }
  const result: Record<string, string[]> = {};
  for (const [term, list] of synonyms) if (list.size > 0) result[term] = [...list];
  return result;
}
