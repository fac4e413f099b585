import type { MatchSignal } from '../../../shared/schemas/search.ts';

/**
 * How much each signal counts in a match score (the score is Σ weight × value, values in 0–1).
 * The one place to tune matching; `npm run bench:match` shows the effect on the dev set.
 * Region is configurable (KOPIR_MATCH_REGION_WEIGHT): some programmes prefer local partners.
 */
export function buildMatchWeights(regionWeight: number): Record<MatchSignal, number> {
  return { text: 0.72, priorityArea: 0.12, region: regionWeight, trl: 0.04, trackRecord: 0.07 };
}

/** Semantic share of the hybrid retrieval for matching: the query is a whole text, not a few words. */
export const MATCH_SEMANTIC_RATIO = 0.85;
/** Candidates fetched from the index before re-ranking with the other signals. */
export const MATCH_CANDIDATES = 60;
