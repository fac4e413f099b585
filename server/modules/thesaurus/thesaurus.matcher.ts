// Finds thesaurus terms in text by comparing stem sequences, so "шахтных вод", "шахтная вода" and
// the term "шахтная вода" meet. Terms are indexed by their first stem: one Map lookup per token.
import { createInflectionCheck } from './thesaurus.inflection.ts';
import { CONCEPT_LANGUAGES, type Concept, type ConceptLanguage } from './thesaurus.loader.ts';
import { detectLanguage, stemToken, tokenize, tokenizeWithOffsets, type TextLanguage, type Token } from './text.ts';

export interface ConceptOccurrence {
  conceptId: string;
  /** The thesaurus term that matched (dictionary form), not the inflected text. */
  term: string;
  /** Offsets in the original text (UTF-16 code units, end exclusive). */
  start: number;
  end: number;
}

interface Candidate {
  conceptId: string;
  term: string;
  stems: string[];
  /** Surface form required at each position whose stem is too short to trust (≤ 2 chars), else null. */
  exact: Array<string | null>;
  kazakh: boolean;
  /** For a one-word term with a 3-letter stem: does the text word inflect like the term word? */
  inflects: ((word: string) => boolean) | null;
}

// A 1–2 letter stem ("су" from "суды", "ии") is ambiguous across languages: only the exact word counts,
// except Kazakh short roots, which the stemmer produces on purpose ("суын" → "су"), in Kazakh text
// or inside a multiword Kazakh term.
const SHORT_STEM = 2;

// Kazakh text often carries no Kazakh-only letter and is then stemmed as Russian, and Russian words
// appear inside Kazakh text: every Cyrillic term is indexed under both stemmings.
const STEM_HINTS: TextLanguage[] = ['ru', 'kk'];

export type TermIndex = Map<string, Candidate[]>;

function addCandidate(index: TermIndex, seen: Set<string>, candidate: Candidate): void {
  // Term words that differ only by ending get separate inflection checks, so they stay separate.
  const key = `${candidate.conceptId}\0${candidate.stems.join(' ')}\0${candidate.exact.join(' ')}\0${candidate.inflects ? candidate.term : ''}`;
  if (seen.has(key)) return;
  seen.add(key);
  const list = index.get(candidate.stems[0]);
  if (list) list.push(candidate);
  else index.set(candidate.stems[0], [candidate]);
}

/** Each concept's label and terms in every language; labels first. */
export function listConceptTerms(concept: Concept, lang: ConceptLanguage): string[] {
  return [...new Set([concept.label[lang], ...concept.terms[lang]].filter((t) => t !== ''))];
}

export function buildTermIndex(concepts: readonly Concept[]): TermIndex {
  const index: TermIndex = new Map();
  const seen = new Set<string>();
  for (const concept of concepts) {
    for (const lang of CONCEPT_LANGUAGES) {
      for (const term of listConceptTerms(concept, lang)) {
        const words = tokenize(term);
        if (words.length === 0) continue;
        for (const hint of STEM_HINTS) {
          const stems = words.map((w) => stemToken(w, hint));
          const exact = stems.map((s, i) => (s.length <= SHORT_STEM ? words[i] : null));
          const inflects = stems.length === 1 ? createInflectionCheck(words[0], stems[0], lang) : null;
          addCandidate(index, seen, { conceptId: concept.id, term, stems, exact, kazakh: lang === 'kk', inflects });
        }
      }
    }
  }
  // Longest first, so the first full match at a position is the longest one.
  for (const list of index.values()) list.sort((a, b) => b.stems.length - a.stems.length);
  return index;
}

function matchesAt(candidate: Candidate, tokens: readonly Token[], stems: readonly string[], at: number, kazakhText: boolean): boolean {
  const length = candidate.stems.length;
  if (at + length > stems.length) return false;
  // Short Kazakh texts often have no Kazakh-only letter; the other words of a multiword term
  // ("шахта суын") are then context enough to trust the short stem.
  const trustShortStems = candidate.kazakh && (kazakhText || length > 1);
  for (let k = 0; k < length; k++) {
    if (stems[at + k] !== candidate.stems[k]) return false;
    const exact = candidate.exact[k];
    if (exact !== null && !trustShortStems && tokens[at + k].text !== exact) return false;
  }
  return candidate.inflects === null || candidate.inflects(tokens[at].text);
}

function hasConceptSince(found: readonly ConceptOccurrence[], from: number, conceptId: string): boolean {
  for (let k = from; k < found.length; k++) if (found[k].conceptId === conceptId) return true;
  return false;
}

/**
 * At every position the longest term wins; a match wholly inside an earlier one is dropped ("очистка
 * сточных вод" hides "сточные воды"), but overlapping ones are kept ("mine water treatment" has both
 * "mine water" and "water treatment"). Equal-length matches of several concepts all count.
 */
export function matchTerms(index: TermIndex, tokens: readonly Token[], stems: readonly string[], language: TextLanguage): ConceptOccurrence[] {
  const found: ConceptOccurrence[] = [];
  const kazakhText = language === 'kk';
  let coveredUntil = 0;
  for (let i = 0; i < stems.length; i++) {
    const candidates = index.get(stems[i]);
    if (!candidates) continue;
    let bestLength = 0;
    const firstHere = found.length;
    for (const candidate of candidates) {
      const length = candidate.stems.length;
      if (length < bestLength || i + length <= coveredUntil) break;
      if (!matchesAt(candidate, tokens, stems, i, kazakhText)) continue;
      // Another term of a concept already found here (same length): one occurrence is enough.
      if (hasConceptSince(found, firstHere, candidate.conceptId)) continue;
      bestLength = length;
      found.push({ conceptId: candidate.conceptId, term: candidate.term, start: tokens[i].start, end: tokens[i + length - 1].end });
    }
    if (bestLength > 0) coveredUntil = i + bestLength;
  }
  return found;
}

/** Tokenises, stems with one language guess for the whole text, and matches. */
export function matchText(index: TermIndex, text: string, language?: TextLanguage): ConceptOccurrence[] {
  const tokens = tokenizeWithOffsets(text);
  const words = tokens.map((t) => t.text);
  const lang = language ?? detectLanguage(words);
  const stems = words.map((w) => stemToken(w, lang));
  return matchTerms(index, tokens, stems, lang);
}
