import type { Meilisearch, SearchParams } from 'meilisearch';
import type { TaskSummary } from '../../../shared/schemas/tasks.ts';
import type { InstituteSummary } from '../../../shared/schemas/institutes.ts';
import type {
  InstituteSearchQuery, InstituteSearchResult, TaskSearchQuery, TaskSearchResult,
} from '../../../shared/schemas/search.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import type { CachedEmbedder } from '../embeddings/embedding-cache.ts';
import { AppError } from '../../errors.ts';
import { summarize } from '../institutes/institutes.service.ts';
import { EMBEDDER_NAME, type InstituteDocument, type TaskDocument } from './search.documents.ts';
import { buildIdFilter, buildInstituteFilter, buildTaskFilter } from './search.filters.ts';
import { FACET_KEYS_ATTRIBUTE, INSTITUTE_FACETS, TASK_FACETS, splitFacetDistribution } from './search.facets.ts';
import { collectHighlights, HIGHLIGHT_POST, HIGHLIGHT_PRE } from './highlight.ts';
import type { IndexNames } from './search.settings.ts';
import type { Db } from '../../db/database.ts';
import { createTasksRepo } from '../tasks/tasks.repo.ts';
import { toTaskSummary } from '../tasks/tasks.service.ts';
import { isSignedIn } from '../auth/auth-context.ts';
import { countFacetKeys, meiliSortOf, rankCandidates, sortFieldsOf, type Candidate, type SearchSort } from './search.ranking.ts';
import { correctSpelling } from './search.spelling.ts';
import { SEARCH_RESULT_CAP } from '../../../shared/schemas/search.ts';
import { findMeiliApiError, isIndexMissing } from '../../search/meili-client.ts';

/**
 * Meilisearch scores a vector hit (1 + cosine) / 2: unrelated texts sit near 0.5, texts sharing
 * a concept above 0.7 with the builtin embedder (and with OpenAI's models). Hits below are noise.
 */
export const SEMANTIC_SCORE_THRESHOLD = 0.6;


export function taskDocumentToSummary(doc: TaskDocument): TaskSummary {
  return {
    id: doc.id, externalId: doc.externalId, status: doc.status, organisation: { id: doc.organisationId, name: doc.organisationName },
    title: doc.title, lang: doc.lang as TaskSummary['lang'], problem: doc.problem, priorityArea: doc.priorityArea as TaskSummary['priorityArea'],
    region: doc.region as TaskSummary['region'], budgetMinKzt: doc.budgetMinKzt, budgetMaxKzt: doc.budgetMaxKzt,
    cofinancingPercent: doc.cofinancingPercent, trlCurrent: doc.trlCurrent, trlTarget: doc.trlTarget, deadline: doc.deadline,
    visibility: doc.visibility, hasConfidentialDetails: doc.hasConfidentialDetails, publishedAt: doc.publishedAt, updatedAt: doc.updatedAt,
  };
}

export function instituteDocumentToSummary(doc: InstituteDocument): InstituteSummary {
  return {
    id: doc.id, externalId: doc.externalId, name: doc.name, region: doc.region as InstituteSummary['region'], city: doc.city,
    lang: doc.lang as InstituteSummary['lang'], keywords: doc.keywords, priorityAreas: doc.priorityAreas as InstituteSummary['priorityAreas'],
    summary: summarize(doc.description), laboratoryCount: doc.laboratoryCount, accreditedLaboratoryCount: doc.accreditedLaboratoryCount,
  };
}

// What a result list shows; profiles carry long lab, project and publication texts it does not need.
const TASK_SUMMARY_FIELDS = ['id', 'externalId', 'status', 'organisationId', 'organisationName', 'title', 'lang', 'problem', 'priorityArea', 'region', 'budgetMinKzt', 'budgetMaxKzt', 'cofinancingPercent', 'trlCurrent', 'trlTarget', 'deadline', 'visibility', 'hasConfidentialDetails', 'publishedAt', 'updatedAt'];
const INSTITUTE_SUMMARY_FIELDS = ['id', 'externalId', 'name', 'region', 'city', 'lang', 'keywords', 'priorityAreas', 'description', 'laboratoryCount', 'accreditedLaboratoryCount'];

const taskFilterOf = (auth: AuthContext, query: TaskSearchQuery) => {
  const { q: _q, semanticRatio: _ratio, page: _page, pageSize: _pageSize, sort: _sort, ...filters } = query;
  return buildTaskFilter(auth, filters);
};
const instituteFilterOf = (query: InstituteSearchQuery) => {
  const { q: _q, semanticRatio: _ratio, page: _page, pageSize: _pageSize, sort: _sort, ...filters } = query;
  return buildInstituteFilter(filters);
};
// What a broader suggestion drops.
const TASK_FILTER_KEYS = ['priorityArea', 'region', 'lang', 'budgetBand', 'trlFrom', 'trlTo', 'deadlineFrom', 'deadlineTo', 'budgetFrom', 'budgetTo'] as const satisfies ReadonlyArray<keyof TaskSearchQuery>;
const INSTITUTE_FILTER_KEYS = ['priorityArea', 'region', 'lang', 'accreditedOnly'] as const satisfies ReadonlyArray<keyof InstituteSearchQuery>;

/** Meilisearch down or unreachable (connection refused, timeout), as opposed to an answer refusing the request. */
const isUnreachable = (error: unknown) => !findMeiliApiError(error);

/** The first window of hits a search with words asks for (see collectCandidates). */
const FIRST_WINDOW = 50;

// Meilisearch caps one multi-search request by payload size, not count; 100 queries stay small.
const MULTI_SEARCH_CHUNK = 100;

/** A stored search to run on behalf of its owner (alerts). */
export interface SearchOnBehalf {
  auth: AuthContext;
  query: Omit<TaskSearchQuery, 'page' | 'pageSize'>;
}

const searchUnavailable = (error: unknown) =>
  new AppError(503, 'search.unavailable', `Search is temporarily unavailable: ${findMeiliApiError(error)?.message ?? (error as Error).message}`);

/** Nothing indexed yet (a fresh install before the first indexing run) is an empty result, not an outage. */
function emptyResult(query: { page?: number; pageSize?: number }, facets: readonly string[]) {
  return {
    items: [], total: 0, capped: false, page: query.page ?? 1, pageSize: query.pageSize ?? 20,
    facets: Object.fromEntries(facets.map((facet) => [facet, {}])), processingTimeMs: 0, suggestions: [], degraded: false,
  };
}

type Paging = { page?: number; pageSize?: number };

// Queries by page (hitsPerPage) report an exhaustive totalHits; the client's types cannot tell which kind ran.
const totalHitsOf = (result: object) => (result as { totalHits?: number }).totalHits ?? 0;

interface SearchPlan {
  q: string;
  page: number;
  pageSize: number;
  sort: SearchSort;
  filter: string[];
  semanticRatio: number | undefined;
}

function planSearch(query: { q?: string; page?: number; pageSize?: number; sort?: SearchSort; semanticRatio?: number }, filter: string[], browseSort: Exclude<SearchSort, 'relevance'>): SearchPlan {
  const q = query.q?.trim() ?? '';
  // Without words there is no relevance: the browse order stands in for it.
  const sort = query.sort ?? (q ? 'relevance' : browseSort);
  return { q, page: query.page ?? 1, pageSize: query.pageSize ?? 20, sort: !q && sort === 'relevance' ? browseSort : sort, filter, semanticRatio: query.semanticRatio };
}

export interface SearchServiceDeps {
  meili: Meilisearch;
  indexNames: IndexNames;
  embedder: CachedEmbedder;
  defaultSemanticRatio: number;
  /** Lets the plain task list (no words) answer from PostgreSQL while Meilisearch is unreachable. */
  db?: Db;
}

export function createSearchService({ meili, indexNames, embedder, defaultSemanticRatio, db }: SearchServiceDeps) {
  const tasksRepo = db ? createTasksRepo({ db }) : null;

  /** Keyword + meaning: the query is embedded once and Meilisearch blends both rankings. */
  async function buildHybrid(q: string, semanticRatio: number | undefined): Promise<Partial<SearchParams>> {
    const ratio = semanticRatio ?? defaultSemanticRatio;
    if (!q || ratio === 0) return {};
    return { hybrid: { embedder: EMBEDDER_NAME, semanticRatio: ratio }, vector: await embedder.embedQuery(q) };
  }

  /**
   * The hits of a search with words, widening the window until it reaches past the result set: a
   * window that holds hits under the semantic floor (vector search returns neighbours best first,
   * so the rest would be under it too), or fewer hits than asked for, holds every result; else it
   * grows 50 → 200 → 800 → SEARCH_RESULT_CAP. Asking for 1000 neighbours every time cost 10–20 × a
   * window of 20 on 2 000 institutes (p50 ~300 ms on a loaded machine), while a typical query has a
   * few dozen hits above the floor.
   */
  async function collectCandidates(index: ReturnType<Meilisearch['index']>, plan: SearchPlan, hybrid: Partial<SearchParams>, fields: string[]) {
    let processingTimeMs = 0;
    for (let window = FIRST_WINDOW; ; window = Math.min(window * 4, SEARCH_RESULT_CAP)) {
      const result = await index.search<Candidate>(plan.q, { ...hybrid, filter: plan.filter, offset: 0, limit: window + 1, showRankingScore: true, attributesToRetrieve: ['id', ...fields] });
      processingTimeMs += result.processingTimeMs;
      const reachedFloor = hybrid.hybrid !== undefined && result.hits.some((hit) => (hit._rankingScore ?? 0) < SEMANTIC_SCORE_THRESHOLD);
      if (result.hits.length <= window || reachedFloor || window >= SEARCH_RESULT_CAP) return { hits: result.hits, processingTimeMs };
    }
  }

  /**
   * Runs a planned search; returns the page's hits in order, the total and the facet counts.
   * Without words: one exhaustive Meilisearch query (filters, facets, sort, page) — cheap.
   * With words, the result set is computed once (search.ranking.ts): the first SEARCH_RESULT_CAP
   * hybrid hits with only id, facet keys and sort field, floored, ordered and counted here; then one
   * more query fetches the page's documents with highlights (the same search narrowed to their ids).
   * Vector search ranks *every* document, so hits under the semantic floor are the unrelated tail.
   * Asking Meilisearch to drop them (rankingScoreThreshold) made it keep searching for a full page
   * above the floor: 70–90 ms for a query with few close neighbours among 100 000 tasks.
   */
  async function runSearch<T extends Record<string, unknown>>(indexUid: string, plan: SearchPlan, display: SearchParams, facets: readonly string[]) {
    const index = meili.index<T>(indexUid);
    if (!plan.q) {
      const result = await index.search('', {
        ...display, filter: plan.filter, facets: [FACET_KEYS_ATTRIBUTE], page: plan.page, hitsPerPage: plan.pageSize,
        sort: meiliSortOf(plan.sort as Exclude<SearchSort, 'relevance'>),
      });
      return {
        hits: result.hits.map((hit) => ({ hit, score: hit._rankingScore ?? 0 })), total: totalHitsOf(result), capped: false,
        facets: splitFacetDistribution(result.facetDistribution?.[FACET_KEYS_ATTRIBUTE], facets), processingTimeMs: result.processingTimeMs,
      };
    }
    const hybrid = await buildHybrid(plan.q, plan.semanticRatio);
    const candidates = await collectCandidates(index, plan, hybrid, [FACET_KEYS_ATTRIBUTE, ...sortFieldsOf(plan.sort)]);
    const { ranked, capped } = rankCandidates(candidates.hits, hybrid.hybrid ? SEMANTIC_SCORE_THRESHOLD : null, plan.sort);
    const pageHits = ranked.slice((plan.page - 1) * plan.pageSize, plan.page * plan.pageSize);
    let processingTimeMs = candidates.processingTimeMs;
    let documents = new Map<string, T & { _formatted?: Record<string, unknown> }>();
    if (pageHits.length) {
      const result = await index.search(plan.q, { ...display, ...hybrid, filter: [buildIdFilter(pageHits.map((hit) => hit.id))], limit: pageHits.length });
      documents = new Map(result.hits.map((hit) => [String(hit.id), hit]));
      processingTimeMs += result.processingTimeMs;
    }
    return {
      // A document deleted between the two queries is left out of the page rather than shown half.
      hits: pageHits.flatMap((candidate) => {
        const hit = documents.get(candidate.id);
        return hit ? [{ hit, score: candidate._rankingScore ?? 0 }] : [];
      }),
      total: ranked.length, capped,
      facets: splitFacetDistribution(countFacetKeys(ranked), facets),
      processingTimeMs,
    };
  }

  /** Only asked when a search finds nothing: how many a suggested search would find. */
  async function countOnly(indexUid: string, plan: SearchPlan): Promise<number> {
    if (!plan.q) return totalHitsOf(await meili.index(indexUid).search('', { filter: plan.filter, page: 1, hitsPerPage: 0 }));
    const hybrid = await buildHybrid(plan.q, plan.semanticRatio);
    const candidates = await collectCandidates(meili.index(indexUid), plan, hybrid, []);
    return rankCandidates(candidates.hits, hybrid.hybrid ? SEMANTIC_SCORE_THRESHOLD : null, 'relevance').ranked.length;
  }

  /**
   * For a search that found nothing: the words spelled as the nearest known words; the same words
   * without the filters; keyword-only searches by meaning too. Each is offered only if it finds something.
   */
  async function suggest<Q extends { q?: string; semanticRatio?: number; sort?: SearchSort }>(
    indexUid: string, query: Q, filterOf: (query: Q) => string[], filterKeys: ReadonlyArray<keyof Q>, browseSort: Exclude<SearchSort, 'relevance'>,
  ) {
    const { page: _page, pageSize: _pageSize, ...base } = query as Q & Paging;
    const withoutFilters = Object.fromEntries(Object.entries(base).filter(([key]) => !filterKeys.includes(key as keyof Q))) as Q;
    const corrected = base.q ? correctSpelling(base.q) : null;
    const candidates: Array<{ kind: 'spelling' | 'broader'; query: Q }> = [];
    if (corrected) candidates.push({ kind: 'spelling', query: { ...base, q: corrected } as Q });
    if (Object.keys(withoutFilters).length < Object.keys(base).length) candidates.push({ kind: 'broader', query: withoutFilters });
    if (base.q && base.semanticRatio === 0 && defaultSemanticRatio > 0) {
      const { semanticRatio: _keywordOnly, ...byMeaning } = base;
      candidates.push({ kind: 'broader', query: byMeaning as Q });
    }
    const totals = await Promise.all(candidates.map(({ query: next }) => countOnly(indexUid, planSearch(next, filterOf(next), browseSort))));
    return candidates.map((candidate, i) => ({ ...candidate, total: totals[i] })).filter((candidate) => candidate.total > 0);
  }

  /** The plain task list from PostgreSQL while Meilisearch is unreachable: same filters and sorts, no facet counts. */
  async function listTasksFromDatabase(auth: AuthContext, query: TaskSearchQuery): Promise<TaskSearchResult> {
    const { q: _q, semanticRatio: _ratio, sort, ...filters } = query;
    const page = await tasksRepo!.list(
      { ...filters, sort: sort === 'relevance' || !sort ? 'newest' : sort },
      { statuses: ['published'], visibilities: isSignedIn(auth) ? ['public', 'registered'] : ['public'], organisationId: filters.organisationId },
    );
    return {
      items: page.items.map((row) => ({ item: toTaskSummary(row.task, row.organisationName), highlights: {}, score: 0 })),
      total: page.total, capped: false, page: page.page, pageSize: page.pageSize,
      facets: Object.fromEntries(TASK_FACETS.map((facet) => [facet, {}])) as TaskSearchResult['facets'],
      processingTimeMs: 0, suggestions: [], degraded: true,
    };
  }

  const highlighting = (fields: string[]): SearchParams => ({
    attributesToHighlight: fields, attributesToCrop: ['problem', 'description'], cropLength: 40,
    highlightPreTag: HIGHLIGHT_PRE, highlightPostTag: HIGHLIGHT_POST, showRankingScore: true,
  });

  return {
    async searchTasks(auth: AuthContext, query: TaskSearchQuery): Promise<TaskSearchResult> {
      const plan = planSearch(query, taskFilterOf(auth, query), 'newest');
      try {
        const result = await runSearch<TaskDocument>(indexNames.tasks, plan, { attributesToRetrieve: TASK_SUMMARY_FIELDS, ...highlighting(['title', 'problem']) }, TASK_FACETS);
        const suggestions = result.total === 0 ? await suggest(indexNames.tasks, query, (next) => taskFilterOf(auth, next), TASK_FILTER_KEYS, 'newest') : [];
        return {
          total: result.total, capped: result.capped, page: plan.page, pageSize: plan.pageSize, processingTimeMs: result.processingTimeMs,
          items: result.hits.map(({ hit, score }) => ({ item: taskDocumentToSummary(hit), highlights: collectHighlights(hit._formatted, ['title', 'problem']), score })),
          facets: result.facets as TaskSearchResult['facets'],
          suggestions, degraded: false,
        };
      } catch (error) {
        if (isIndexMissing(error)) return emptyResult(query, TASK_FACETS) as TaskSearchResult;
        // Browsing needs no relevance: PostgreSQL can list it. Words need the search engine.
        if (!plan.q && tasksRepo && isUnreachable(error)) return listTasksFromDatabase(auth, query);
        throw searchUnavailable(error);
      }
    },

    /**
     * For each search, which of `taskIds` it finds, with the owner's visibility; one round trip per
     * 100 searches. Keyword matching only, every query word required (or a synonym, or a typo of it):
     * a hybrid search ranks *every* task by meaning, so "the search finds this task" would always be
     * true, and an alert that fires for everything is noise.
     */
    async findMatchingTaskIds(searches: SearchOnBehalf[], taskIds: string[]): Promise<string[][]> {
      if (searches.length === 0 || taskIds.length === 0) return searches.map(() => []);
      const found: string[][] = [];
      try {
        for (let start = 0; start < searches.length; start += MULTI_SEARCH_CHUNK) {
          const queries = searches.slice(start, start + MULTI_SEARCH_CHUNK).map(({ auth, query }) => {
            const { q, semanticRatio: _semanticRatio, ...filters } = query;
            return {
              indexUid: indexNames.tasks, q: q ?? '', matchingStrategy: 'all' as const, limit: taskIds.length,
              filter: [...buildTaskFilter(auth, filters), buildIdFilter(taskIds)], attributesToRetrieve: ['id'],
            };
          });
          const { results } = await meili.multiSearch<{ queries: typeof queries }, { id: string }>({ queries });
          found.push(...results.map((result) => result.hits.map((hit) => hit.id)));
        }
        return found;
      } catch (error) {
        if (isIndexMissing(error)) return searches.map(() => []);
        throw searchUnavailable(error);
      }
    },

    async searchInstitutes(query: InstituteSearchQuery): Promise<InstituteSearchResult> {
      const plan = planSearch(query, instituteFilterOf(query), 'name');
      try {
        const result = await runSearch<InstituteDocument>(indexNames.institutes, plan, { attributesToRetrieve: INSTITUTE_SUMMARY_FIELDS, ...highlighting(['name', 'description']) }, INSTITUTE_FACETS);
        const suggestions = result.total === 0 ? await suggest(indexNames.institutes, query, instituteFilterOf, INSTITUTE_FILTER_KEYS, 'name') : [];
        return {
          total: result.total, capped: result.capped, page: plan.page, pageSize: plan.pageSize, processingTimeMs: result.processingTimeMs,
          items: result.hits.map(({ hit, score }) => ({ item: instituteDocumentToSummary(hit), highlights: collectHighlights(hit._formatted, ['name', 'description']), score })),
          facets: result.facets as InstituteSearchResult['facets'],
          suggestions, degraded: false,
        };
      } catch (error) {
        if (isIndexMissing(error)) return emptyResult(query, INSTITUTE_FACETS) as InstituteSearchResult;
        throw searchUnavailable(error);
      }
    },
  };
}
export type SearchService = ReturnType<typeof createSearchService>;
