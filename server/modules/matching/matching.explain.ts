import type { Locale } from '../../../shared/constants.ts';
import type { HighlightedText, MatchExplanation } from '../../../shared/schemas/search.ts';
import { getDefaultThesaurus, type ConceptOccurrence, type Thesaurus } from '../thesaurus/thesaurus.ts';
import { stemToken, tokenizeWithOffsets } from '../thesaurus/text.ts';
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

/**
 * Concepts both texts mention, named in the viewer's language: first those named on both sides,
 * then more general ones both sides lead to (both mention kinds of "water treatment").
 */
export function findSharedConcepts(taskText: string, instituteText: string, locale: Locale, thesaurus: Thesaurus = getDefaultThesaurus()): SharedConcept[] {
  const taskTerms = groupTerms(thesaurus.extractConcepts(taskText));
  const instituteTerms = groupTerms(thesaurus.extractConcepts(instituteText));
  const direct = [...taskTerms.keys()].filter((id) => instituteTerms.has(id));
  const taskBroader = thesaurus.expandBroader(taskTerms.keys(), 1);
  const instituteBroader = thesaurus.expandBroader(instituteTerms.keys(), 1);
  const viaBroader = [...taskBroader.keys()].filter((id) => instituteBroader.has(id) && !direct.includes(id));
  const termsFor = (terms: Map<string, Set<string>>, id: string) => [...(terms.get(id) ?? [])].slice(0, 5);
  const seenLabels = new Set<string>();
  const shared: SharedConcept[] = [];
  for (const id of [...direct, ...viaBroader]) {
    const label = thesaurus.conceptLabel(id, locale);
    // Near-duplicate concepts from different areas share a label: show it once.
    if (seenLabels.has(label.toLowerCase())) continue;
    seenLabels.add(label.toLowerCase());
    shared.push({ id, label, termsInTask: termsFor(taskTerms, id), termsInInstitute: termsFor(instituteTerms, id) });
    if (shared.length === MAX_SHARED_CONCEPTS) break;
  }
  return shared;
}

function splitPassages(text: string): string[] {
  return text
    .split(/(?<=[.!?;])\s+|\n+/)
    .map((part) => part.trim())
    // A passage should say something: names of partners or labs alone are not evidence.
    .filter((part) => part.length >= 20 && part.split(/\s+/).length >= MIN_PASSAGE_WORDS)
    .map((part) => (part.length > MAX_PASSAGE_LENGTH ? `${part.slice(0, MAX_PASSAGE_LENGTH - 1)}…` : part));
}

/**
 * The passages of `candidateText` that best match: scored by the shared concepts they mention and
 * the content words they share with `queryText`; those spans are highlighted.
 */
export function selectPassages(candidateText: string, queryText: string, sharedConceptIds: Set<string>, thesaurus: Thesaurus = getDefaultThesaurus()): HighlightedText[] {
  const queryStems = new Set(tokenizeWithOffsets(queryText).map((token) => stemToken(token.text)).filter((stem) => stem.length >= MIN_SHARED_STEM_LENGTH));
  const scored = splitPassages(candidateText).map((passage) => {
    const conceptSpans = thesaurus.extractConcepts(passage).filter((occurrence) => sharedConceptIds.has(occurrence.conceptId));
    const wordSpans = tokenizeWithOffsets(passage).filter((token) => queryStems.has(stemToken(token.text)));
    const score = conceptSpans.length * 2 + wordSpans.length;
    return { passage, score, highlights: mergeRanges([...conceptSpans, ...wordSpans].map(({ start, end }) => ({ start, end }))) };
  });
  return scored
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, MAX_PASSAGES)
    .map((entry) => ({ text: entry.passage, highlights: entry.highlights.filter((range) => range.end <= entry.passage.length) }));
}

/** Priority areas of the concepts a text mentions. */
export function conceptAreasOf(conceptIds: string[], thesaurus: Thesaurus = getDefaultThesaurus()): Set<string> {
  return new Set(conceptIds.flatMap((id) => thesaurus.getConcept(id)?.areas ?? []));
}
