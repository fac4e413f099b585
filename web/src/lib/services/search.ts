// Runs the searches behind /tasks and /institutes: typing cancels the requests of the previous
// keystrokes, and facet counts are "disjunctive" (see withOwnFacetCounts).
import type {
  InstituteSearchQuery, InstituteSearchResult, TaskSearchQuery, TaskSearchResult,
} from '$shared/schemas/search.ts';
import { searchInstitutes, searchTasks } from '../api/search.ts';
import { ApiError, type Fetch } from '../api/http.ts';
import { SEARCH_PAGE_SIZE } from '../filters.ts';

export interface SearchOutcome<R> {
  result: R | null;
  /** Why there are no results to show (search unavailable, network…); null on success. */
  failure: ApiError | null;
}

/**
 * Typing starts a navigation per pause; each one's requests are cancelled when the next one starts.
 * The AbortController is handed to `load` by URL, so only the navigation it was made for uses it:
 * a link preloaded on hover, or back/forward, is never cancelled by typing.
 */
let typed: { target: string; controller: AbortController } | null = null;
const normalise = (href: string) => {
  const url = new URL(href, 'http://localhost');
  return url.pathname + url.search;
};

/** Called just before navigating to a search URL: cancels the previous typed search. */
export function beginSearchNavigation(href: string): void {
  typed?.controller.abort();
  typed = { target: normalise(href), controller: new AbortController() };
}

const signalFor = (url: URL) => (typed && typed.target === normalise(url.pathname + url.search) ? typed.controller.signal : undefined);

type Facets = Record<string, Record<string, number>>;

/**
 * Meilisearch counts facet values within the filtered results, so once "metallurgy" is ticked every
 * other area shows 0 and could never be added. For each facet group the query filters on, ask once
 * more without that group's own filter (one hit, counts only) and take that group's counts from it.
 */
async function withOwnFacetCounts<Q extends object, R extends { facets: Facets }>(
  query: Q,
  groups: Partial<Record<string, readonly (keyof Q)[]>>,
  run: (query: Q) => Promise<R>,
): Promise<R> {
  const active = Object.entries(groups).flatMap(([facet, keys]) => (keys?.some((key) => query[key] !== undefined) ? [[facet, keys] as const] : []));
  const [main, ...others] = await Promise.all([
    run(query),
    ...active.map(([, keys]) => {
      const rest = Object.fromEntries(Object.entries(query).filter(([key]) => !keys.includes(key as keyof Q)));
      return run({ ...rest, page: 1, pageSize: 1 } as Q);
    }),
  ]);
  const facets: Facets = { ...main.facets };
  active.forEach(([facet], i) => (facets[facet] = others[i].facets[facet] ?? {}));
  return { ...main, facets };
}

const TASK_FACET_FILTERS = {
  priorityArea: ['priorityArea'],
  region: ['region'],
  lang: ['lang'],
  budgetBand: ['budgetBand'],
  trlTarget: ['trlFrom', 'trlTo'],
  deadlineYear: ['deadlineFrom', 'deadlineTo'],
} as const satisfies Record<keyof TaskSearchResult['facets'], readonly (keyof TaskSearchQuery)[]>;

const INSTITUTE_FACET_FILTERS = {
  priorityAreas: ['priorityArea'],
  region: ['region'],
  lang: ['lang'],
  // `accredited` needs no second request: the filter keeps exactly the documents it counts.
} as const satisfies Partial<Record<keyof InstituteSearchResult['facets'], readonly (keyof InstituteSearchQuery)[]>>;

async function outcome<R>(search: () => Promise<R>): Promise<SearchOutcome<R>> {
  try {
    return { result: await search(), failure: null };
  } catch (error) {
    // Cancelled by a newer typed search, whose navigation has replaced this one: nobody sees this
    // answer, and throwing would only make SvelteKit log the abort as an error.
    if (error instanceof DOMException && error.name === 'AbortError') return { result: null, failure: null };
    if (error instanceof ApiError) return { result: null, failure: error };
    throw error;
  }
}

export function runTaskSearch(url: URL, query: TaskSearchQuery, fetch?: Fetch): Promise<SearchOutcome<TaskSearchResult>> {
  const signal = signalFor(url);
  return outcome(() =>
    withOwnFacetCounts({ pageSize: SEARCH_PAGE_SIZE, ...query }, TASK_FACET_FILTERS, (q) => searchTasks(q, { fetch, signal })),
  );
}

export function runInstituteSearch(url: URL, query: InstituteSearchQuery, fetch?: Fetch): Promise<SearchOutcome<InstituteSearchResult>> {
  const signal = signalFor(url);
  return outcome(() =>
    withOwnFacetCounts({ pageSize: SEARCH_PAGE_SIZE, ...query }, INSTITUTE_FACET_FILTERS, (q) => searchInstitutes(q, { fetch, signal })),
  );
}
