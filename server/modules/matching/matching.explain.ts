import type { Locale } from '../../../shared/constants.ts';
import type { HighlightedText, MatchExplanation } from '../../../shared/schemas/search.ts';
import { getDefaultThesaurus, type ConceptOccurrence, type Thesaurus } from '../thesaurus/thesaurus.ts';
import { detectLanguage, stemToken, tokenizeWithOffsets } from '../thesaurus/text.ts';
import { GenerationCache } from '../thesaurus/generation-cache.ts';
import { mergeRanges } from '../search/highlight.ts';

const MAX_SHARED_CONCEPTS = 8;
const MAX_PASSAGES = 2;
const MAX_PASSAGE_LENGTH = 320;
const MIN_PASSAGE_WORDS = 5;
const MIN_SHARED_STEM_LENGTH = 4;

type SharedConcept = MatchExplanation['sharedConcepts'][number];

function groupTerms(occurrences: ConceptOccurrence[]) {
  const terms = new Map<string, Set<string>>();
  for (const occurrence of occurrences) {
    if (!terms.has(occurrence.conceptId)) terms.set(occurrence.conceptId, new Set());
    terms.get(occurrence.conceptId)!.add(occurrence.term);
  }
  return terms;
}

/** What explaining needs of a text: the concepts found in it and its content words' stems, with offsets. */
interface Analysis {
  occurrences: ConceptOccurrence[];
  words: Array<{ stem: string; start: number; end: number }>;
}

// The same profiles and tasks come up in match after match; analysing a 1 500-character profile
// takes ~0.5 ms, ten of them per request. Keyed by the text itself, so an edit is a new entry.
const analyses = new GenerationCache<Analysis>(1000);

/** Tokenises a text once for both uses (remembered: see `analyses`). */
function analyse(text: string, thesaurus: Thesaurus): Analysis {
  const cached = thesaurus === getDefaultThesaurus() ? analyses.get(text) : undefined;
  if (cached) return cached;
  const tokens = tokenizeWithOffsets(text);
  const plain = tokens.map((token) => token.text);
  const language = detectLanguage(plain);
  const analysis: Analysis = {
    occurrences: thesaurus.extractConceptsFromTokens(tokens, plain.map((word) => stemToken(word, language)), language),
    words: tokens
      .map((token) => ({ stem: stemToken(token.text), start: token.start, end: token.end }))
      .filter((word) => word.stem.length >= MIN_SHARED_STEM_LENGTH),
  };
  if (thesaurus === getDefaultThesaurus()) analyses.set(text, analysis);
  return analysis;
}

/**
 * Concepts both texts mention, named in the viewer's language: first those named on both sides,
 * then more general ones both sides lead to (both mention kinds of "water treatment").
 */
function shareConcepts(task: Map<string, Set<string>>, institute: Map<string, Set<string>>, locale: Locale, thesaurus: Thesaurus): SharedConcept[] {
  const direct = [...task.keys()].filter((id) => institute.has(id));
  const instituteBroader = thesaurus.expandBroader(institute.keys(), 1);
  const viaBroader = [...thesaurus.expandBroader(task.keys(), 1).keys()].filter((id) => instituteBroader.has(id) && !direct.includes(id));
  const termsFor = (terms: Map<string, Set<string>>, id: string) => [...(terms.get(id) ?? [])].slice(0, 5);
  const seenLabels = new Set<string>();
  const shared: SharedConcept[] = [];
  for (const id of [...direct, ...viaBroader]) {
    const label = thesaurus.conceptLabel(id, locale);
    // Near-duplicate concepts from different areas share a label: show it once.
    if (seenLabels.has(label.toLowerCase())) continue;
    seenLabels.add(label.toLowerCase());
    shared.push({ id, label, termsInTask: termsFor(task, id), termsInInstitute: termsFor(institute, id) });
    if (shared.length === MAX_SHARED_CONCEPTS) break;
  }
  return shared;
}

/** Sentences and lines of a text as [start, end) ranges, trimmed; only those that say something. */
function splitPassages(text: string): Array<{ start: number; end: number }> {
  const ranges: Array<{ start: number; end: number }> = [];
  const add = (from: number, to: number) => {
    const part = text.slice(from, to);
    const start = from + (part.length - part.trimStart().length);
    const end = to - (part.length - part.trimEnd().length);
    const trimmed = text.slice(start, end);
    // A passage should say something: names of partners or labs alone are not evidence.
    if (trimmed.length >= 20 && trimmed.split(/\s+/).length >= MIN_PASSAGE_WORDS) ranges.push({ start, end });
  };
  let from = 0;
  for (const separator of text.matchAll(/(?<=[.!?;])\s+|\n+/g)) {
    add(from, separator.index);
    from = separator.index + separator[0].length;
  }
  add(from, text.length);
  return ranges;
}

/**
 * The passages of the candidate that best match: scored by the shared concepts they mention and
 * the content words they share with the query text; those spans are highlighted.
 */
function pickPassages(text: string, analysed: Analysis, queryStems: Set<string>, sharedConceptIds: Set<string>): HighlightedText[] {
  const conceptSpans = analysed.occurrences.filter((occurrence) => sharedConceptIds.has(occurrence.conceptId));
  const wordSpans = analysed.words.filter((word) => queryStems.has(word.stem));
  const inside = (range: { start: number; end: number }) => (span: { start: number; end: number }) => span.start >= range.start && span.end <= range.end;
  return splitPassages(text)
    .map((range) => {
      const concepts = conceptSpans.filter(inside(range));
      const words = wordSpans.filter(inside(range));
      return { range, score: concepts.length * 2 + words.length, spans: [...concepts, ...words] };
    })
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, MAX_PASSAGES)
    .map(({ range, spans }) => {
      const full = text.slice(range.start, range.end);
      const passage = full.length > MAX_PASSAGE_LENGTH ? `${full.slice(0, MAX_PASSAGE_LENGTH - 1)}…` : full;
      const visible = passage.length - (passage === full ? 0 : 1);
      const highlights = mergeRanges(spans.map(({ start, end }) => ({ start: start - range.start, end: end - range.start })));
      return { text: passage, highlights: highlights.filter((highlight) => highlight.end <= visible) };
    });
}

export interface MatchExplainer {
  /** Concept ids the query text mentions. */
  queryConceptIds: string[];
  /** Shared concepts and best passages of one candidate. */
  explain(candidateText: string): Pick<MatchExplanation, 'sharedConcepts' | 'passages'>;
}

/**
 * Explains the candidates of one match request. The query side (a task's text when ranking
 * institutes, a profile's when ranking tasks) is analysed once, each candidate once.
 */
export function createMatchExplainer(queryText: string, querySide: 'task' | 'institute', locale: Locale, thesaurus: Thesaurus = getDefaultThesaurus()): MatchExplainer {
  const query = analyse(queryText, thesaurus);
  const queryTerms = groupTerms(query.occurrences);
  const queryStems = new Set(query.words.map((word) => word.stem));
  return {
    queryConceptIds: [...queryTerms.keys()],
    explain(candidateText) {
      const candidate = analyse(candidateText, thesaurus);
      const candidateTerms = groupTerms(candidate.occurrences);
      const sharedConcepts = querySide === 'task'
        ? shareConcepts(queryTerms, candidateTerms, locale, thesaurus)
        : shareConcepts(candidateTerms, queryTerms, locale, thesaurus);
      return { sharedConcepts, passages: pickPassages(candidateText, candidate, queryStems, new Set(sharedConcepts.map((concept) => concept.id))) };
    },
  };
}

/** Priority areas of the concepts a text mentions. */
export function conceptAreasOf(conceptIds: string[], thesaurus: Thesaurus = getDefaultThesaurus()): Set<string> {
  return new Set(conceptIds.flatMap((id) => thesaurus.getConcept(id)?.areas ?? []));
}
