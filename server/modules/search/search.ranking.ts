// The result set of a search with words, computed once per request in the server: Meilisearch
// returns up to SEARCH_RESULT_CAP hits with only the id, the facet keys and the sort field; hits
// under the semantic floor are dropped, the rest ordered (ties broken by id), counted and paged
// here. So `total`, the facet counts and every page describe one set in one stable order.
import { SEARCH_RESULT_CAP, type InstituteSearchSort, type TaskSearchSort } from '../../../shared/schemas/search.ts';
import { FACET_KEYS_ATTRIBUTE } from './search.facets.ts';

export interface Candidate {
  id: string;
  _rankingScore?: number;
  [field: string]: unknown;
}

export type SearchSort = TaskSearchSort | InstituteSearchSort;

type Direction = 'asc' | 'desc';
/** The fields a sort orders by, in order; `id` ascending always breaks the remaining ties. */
const SORT_FIELDS: Record<Exclude<SearchSort, 'relevance'>, Array<[string, Direction]>> = {
  newest: [['publishedTs', 'desc']],
  deadline: [['deadlineTs', 'asc']],
  budget: [['budgetMaxKzt', 'desc'], ['budgetMinKzt', 'desc']],
  name: [['name', 'asc']],
};

/** What the candidate query must retrieve for a sort (besides id, score and facet keys). */
export const sortFieldsOf = (sort: SearchSort): string[] => (sort === 'relevance' ? [] : SORT_FIELDS[sort].map(([field]) => field));

/** The same order for Meilisearch's `sort` (searches without words); it places missing and null values last. */
export const meiliSortOf = (sort: Exclude<SearchSort, 'relevance'>): string[] => [...SORT_FIELDS[sort].map(([field, direction]) => `${field}:${direction}`), 'id:asc'];

const byId = (a: Candidate, b: Candidate) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function compareValues(a: unknown, b: unknown, direction: Direction): number {
  const missingA = a === null || a === undefined;
  const missingB = b === null || b === undefined;
  if (missingA || missingB) return missingA === missingB ? 0 : missingA ? 1 : -1; // nulls last either way
  const order = typeof a === 'string' && typeof b === 'string' ? a.localeCompare(b) : (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
  return direction === 'asc' ? order : -order;
}

export function compareCandidates(sort: SearchSort): (a: Candidate, b: Candidate) => number {
  if (sort === 'relevance') return (a, b) => (b._rankingScore ?? 0) - (a._rankingScore ?? 0) || byId(a, b);
  const fields = SORT_FIELDS[sort];
  return (a, b) => {
    for (const [field, direction] of fields) {
      const order = compareValues(a[field], b[field], direction);
      if (order !== 0) return order;
    }
    return byId(a, b);
  };
}

/**
 * The floored, ordered result set. `hits` are Meilisearch's first SEARCH_RESULT_CAP + 1 hits; more
 * than the cap above the floor means the words matched more than is listed (`capped`).
 */
export function rankCandidates<C extends Candidate>(hits: C[], floor: number | null, sort: SearchSort): { ranked: C[]; capped: boolean } {
  const kept = floor === null ? hits : hits.filter((hit) => (hit._rankingScore ?? 0) >= floor);
  const capped = kept.length > SEARCH_RESULT_CAP;
  return { ranked: kept.slice(0, SEARCH_RESULT_CAP).sort(compareCandidates(sort)), capped };
}

/** Counts every "field:value" facet key over the result set (the shape of Meilisearch's facetDistribution). */
export function countFacetKeys(hits: readonly Candidate[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const hit of hits) {
    const keys = hit[FACET_KEYS_ATTRIBUTE];
    if (!Array.isArray(keys)) continue;
    for (const key of new Set(keys as string[])) counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}
