// The multilingual thesaurus: concepts with ru/kk/en terms, found in free text by stem matching.
// Used to explain matches ("shared concepts"), to feed the builtin embedder and Meilisearch synonyms.
import {
  DEFAULT_CONCEPTS_DIR,
  hashConceptFiles,
  hashThesaurusSource,
  parseConceptFiles,
  readConceptFiles,
  validateConcepts,
  type Concept,
  type ConceptFile,
  type ConceptLanguage,
  type ThesaurusIssue,
} from './thesaurus.loader.ts';
import { buildTermIndex, matchTerms, matchText, type ConceptOccurrence } from './thesaurus.matcher.ts';
import { buildSynonyms, type SynonymOptions } from './thesaurus.synonyms.ts';
import type { TextLanguage, Token } from './text.ts';

export type { Concept, ConceptLanguage, ThesaurusIssue } from './thesaurus.loader.ts';
export type { ConceptOccurrence } from './thesaurus.matcher.ts';
export type { SynonymOptions } from './thesaurus.synonyms.ts';
export { DEFAULT_CONCEPTS_DIR } from './thesaurus.loader.ts';

export interface Thesaurus {
  /** Short content hash of the data and of the text/matching algorithms. */
  readonly version: string;
  readonly concepts: readonly Concept[];
  /** Problems found while loading (skipped entries, duplicate ids, dropped broader ids…). */
  readonly issues: readonly ThesaurusIssue[];
  getConcept(id: string): Concept | undefined;
  /** The concept's label in the locale, falling back to another language, then to the id. */
  conceptLabel(id: string, locale: ConceptLanguage): string;
  /** Occurrences in text order; `language` overrides the per-text ru/kk guess. */
  extractConcepts(text: string, language?: TextLanguage): ConceptOccurrence[];
  /** Same, over tokens the caller has already stemmed (the builtin embedder avoids doing it twice). */
  extractConceptsFromTokens(tokens: readonly Token[], stems: readonly string[], language: TextLanguage): ConceptOccurrence[];
  /** The known ids among `ids` (distance 0) plus their broader concepts up to `depth` hops, each at its shortest distance. */
  expandBroader(ids: Iterable<string>, depth?: number): Map<string, number>;
  buildMeiliSynonyms(options?: SynonymOptions): Record<string, string[]>;
}

function createThesaurus(concepts: Concept[], issues: ThesaurusIssue[], version: string): Thesaurus {
  const byId = new Map(concepts.map((c) => [c.id, c]));
  // Built on first use: loading the data for its version or labels should not pay for the index.
  let index: ReturnType<typeof buildTermIndex> | null = null;
  const getIndex = () => (index ??= buildTermIndex(concepts));

  return {
    version,
    concepts,
    issues,
    getConcept: (id) => byId.get(id),
    conceptLabel(id, locale) {
      const concept = byId.get(id);
      if (!concept) return id;
      return concept.label[locale] || concept.label.en || concept.label.ru || concept.label.kk || id;
    },
    extractConcepts: (text, language) => matchText(getIndex(), text, language),
    extractConceptsFromTokens: (tokens, stems, language) => matchTerms(getIndex(), tokens, stems, language),
    expandBroader(ids, depth = 1) {
      const distances = new Map<string, number>();
      let frontier = [...ids].filter((id) => byId.has(id));
      for (const id of frontier) distances.set(id, 0);
      // Breadth-first, so each concept keeps its shortest distance and cycles in the data stop here.
      for (let hop = 1; hop <= depth && frontier.length > 0; hop++) {
        const next: string[] = [];
        for (const id of frontier) {
          for (const parent of byId.get(id)?.broader ?? []) {
            if (distances.has(parent)) continue;
            distances.set(parent, hop);
            next.push(parent);
          }
        }
        frontier = next;
      }
      return distances;
    },
    buildMeiliSynonyms: (options) => buildSynonyms(concepts, options),
  };
}

function loadFromFiles(files: readonly ConceptFile[]): Thesaurus {
  const issues: ThesaurusIssue[] = [];
  const concepts = validateConcepts(parseConceptFiles(files, issues), issues);
  return createThesaurus(concepts, issues, hashConceptFiles(files));
}

/**
 * Loads a thesaurus from an array of concepts (tests, fixtures), from a folder of `*.json` arrays,
 * or, with no argument, from the bundled `concepts/` folder.
 */
export function loadThesaurus(source: readonly unknown[] | string = DEFAULT_CONCEPTS_DIR): Thesaurus {
  if (typeof source === 'string') return loadFromFiles(readConceptFiles(source));
  const issues: ThesaurusIssue[] = [];
  const concepts = validateConcepts(source.map((raw) => ({ raw })), issues);
  return createThesaurus(concepts, issues, hashThesaurusSource([JSON.stringify(source)]));
}

// The bundled files are read once at import (a few hundred KB) so THESAURUS_VERSION is a plain constant
// and always describes exactly the bytes the default thesaurus is built from; the index is built lazily.
const defaultFiles = readConceptFiles(DEFAULT_CONCEPTS_DIR);

/** Version of the bundled thesaurus; part of every builtin embedder id. */
export const THESAURUS_VERSION = hashConceptFiles(defaultFiles);

let defaultThesaurus: Thesaurus | null = null;

/** The bundled thesaurus, parsed on first use. */
export function getDefaultThesaurus(): Thesaurus {
  return (defaultThesaurus ??= loadFromFiles(defaultFiles));
}

export function extractConcepts(text: string, language?: TextLanguage): ConceptOccurrence[] {
  return getDefaultThesaurus().extractConcepts(text, language);
}

export function getConcept(id: string): Concept | undefined {
  return getDefaultThesaurus().getConcept(id);
}

export function conceptLabel(id: string, locale: ConceptLanguage): string {
  return getDefaultThesaurus().conceptLabel(id, locale);
}

export function expandBroader(ids: Iterable<string>, depth?: number): Map<string, number> {
  return getDefaultThesaurus().expandBroader(ids, depth);
}

export function buildMeiliSynonyms(options?: SynonymOptions): Record<string, string[]> {
  return getDefaultThesaurus().buildMeiliSynonyms(options);
}
