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
  return { items: [], total: 0, page: query.page ?? 1, pageSize: query.pageSize ?? 20, facets: Object.fromEntries(facets.map((facet) => [facet, {}])), processingTimeMs: 0 };
}

/**
 * Hits at or above the floor, best first: Meilisearch's hybrid merge can place a weaker keyword hit
 * above a much stronger semantic one within a page, and people expect the page in score order.
 */
function rankAboveFloor<T extends { _rankingScore?: number }>(hits: T[], floor: number): T[] {
  return hits.filter((hit) => (hit._rankingScore ?? 0) >= floor).sort((a, b) => (b._rankingScore ?? 0) - (a._rankingScore ?? 0));
}

// Queries by page (hitsPerPage) report an exhaustive totalHits; the client's types cannot tell which kind ran.
const totalHitsOf = (result: object) => (result as { totalHits?: number }).totalHits ?? 0;

type Paging = { page?: number; pageSize?: number };

/**
 * What one search sends to Meilisearch. Without words: one exhaustive query (filters, facets, newest
 * first) — cheap. With words, two queries in flight together (Meilisearch answers them on both
 * cores, where a multi-search would run them one after the other):
 * - the counts: total and facet counts of the keyword matches (words, synonyms, typos), exhaustive;
 * - the page: hybrid once the query is embedded, by offset and limit (one extra hit tells whether a
 *   next page exists).
 * Exact counts of the hybrid result would need every document scored by meaning against the floor:
 * that cost 25–40 ms per search over 20 000 profiles, growing with the index (npm run bench:search).
 */
function planSearch(q: string | undefined, paging: Paging, shared: SearchParams, newestFirst: string[]) {
  const page = paging.page ?? 1;
  const pageSize = paging.pageSize ?? 20;
  if (!q?.trim()) {
    return { page, pageSize, q: '', pageQuery: { ...shared, facets: [FACET_KEYS_ATTRIBUTE], page, hitsPerPage: pageSize, sort: newestFirst } as SearchParams, countQuery: null };
  }
  return {
    page, pageSize, q,
    pageQuery: { ...shared, offset: (page - 1) * pageSize, limit: pageSize + 1 } as SearchParams,
    countQuery: { filter: shared.filter, facets: [FACET_KEYS_ATTRIBUTE], page: 1, hitsPerPage: 0 } as SearchParams,
  };
}

export interface SearchServiceDeps {
  meili: Meilisearch;
  indexNames: IndexNames;
  embedder: CachedEmbedder;
  defaultSemanticRatio: number;
}

export function createSearchService({ meili, indexNames, embedder, defaultSemanticRatio }: SearchServiceDeps) {
  /** Keyword + meaning: the query is embedded once and Meilisearch blends both rankings. */
  async function buildHybrid(q: string | undefined, semanticRatio: number | undefined): Promise<Partial<SearchParams>> {
    const ratio = semanticRatio ?? defaultSemanticRatio;
    if (!q?.trim() || ratio === 0) return {};
    return { hybrid: { embedder: EMBEDDER_NAME, semanticRatio: ratio }, vector: await embedder.embedQuery(q) };
  }

  /**
   * Runs a planned search; returns the page's hits (best first), the total and the facet counts.
   * Vector search ranks *every* document, so hits under the semantic floor are the unrelated tail and
   * are dropped here. Asking Meilisearch to drop them (rankingScoreThreshold) made it keep searching
   * for a full page above the floor: 70–90 ms for a query with few close neighbours among 100 000
   * tasks, 15 ms without (npm run bench:search).
   */
  async function runSearch<T extends Record<string, unknown>>(indexUid: string, plan: ReturnType<typeof planSearch>, semanticRatio: number | undefined, facets: readonly string[]) {
    const index = meili.index<T>(indexUid);
    // The counts need no vector: they run while the query is embedded (with openai, an API call).
    const counting = plan.countQuery ? index.search(plan.q, plan.countQuery) : null;
    counting?.catch(() => undefined); // awaited below; must not go unhandled if embedding fails first
    const hybrid = await buildHybrid(plan.q, semanticRatio);
    const [pageResult, countResult = pageResult] = await Promise.all([index.search(plan.q, { ...plan.pageQuery, ...hybrid }), ...(counting ? [counting] : [])]);
    const offset = (plan.page - 1) * plan.pageSize;
    const ranked = hybrid.hybrid ? rankAboveFloor(pageResult.hits, SEMANTIC_SCORE_THRESHOLD) : pageResult.hits;
    const hits = ranked.slice(0, plan.pageSize);
    const hasMore = ranked.length > plan.pageSize;
    // The page may list meaning-only hits the keyword count does not include.
    const total = plan.countQuery ? Math.max(totalHitsOf(countResult), offset + hits.length + (hasMore ? 1 : 0)) : totalHitsOf(pageResult);
    return {
      hits, total, page: plan.page, pageSize: plan.pageSize,
      facets: splitFacetDistribution(countResult.facetDistribution?.[FACET_KEYS_ATTRIBUTE], facets),
      processingTimeMs: Math.max(pageResult.processingTimeMs, countResult.processingTimeMs),
    };
  }
  const highlighting = (fields: string[]): SearchParams => ({
    attributesToHighlight: fields, attributesToCrop: ['problem', 'description'], cropLength: 40,
    highlightPreTag: HIGHLIGHT_PRE, highlightPostTag: HIGHLIGHT_POST, showRankingScore: true,
  });

  return {
    async searchTasks(auth: AuthContext, query: TaskSearchQuery): Promise<TaskSearchResult> {
      const { q, semanticRatio, page: _page, pageSize: _pageSize, ...filters } = query;
      try {
        const plan = planSearch(q, query, {
          filter: buildTaskFilter(auth, filters), attributesToRetrieve: TASK_SUMMARY_FIELDS, ...highlighting(['title', 'problem']),
        }, ['publishedTs:desc']);
        const result = await runSearch<TaskDocument>(indexNames.tasks, plan, semanticRatio, TASK_FACETS);
        return {
          ...result,
          items: result.hits.map((hit) => ({ item: taskDocumentToSummary(hit), highlights: collectHighlights(hit._formatted, ['title', 'problem']), score: hit._rankingScore ?? 0 })),
          facets: result.facets as TaskSearchResult['facets'],
        };
      } catch (error) {
        if (isIndexMissing(error)) return emptyResult(query, TASK_FACETS) as TaskSearchResult;
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
      const { q, semanticRatio, page: _page, pageSize: _pageSize, ...filters } = query;
      try {
        const plan = planSearch(q, query, {
          filter: buildInstituteFilter(filters), attributesToRetrieve: INSTITUTE_SUMMARY_FIELDS, ...highlighting(['name', 'description']),
        }, ['name:asc']);
        const result = await runSearch<InstituteDocument>(indexNames.institutes, plan, semanticRatio, INSTITUTE_FACETS);
        return {
          ...result,
          items: result.hits.map((hit) => ({ item: instituteDocumentToSummary(hit), highlights: collectHighlights(hit._formatted, ['name', 'description']), score: hit._rankingScore ?? 0 })),
          facets: result.facets as InstituteSearchResult['facets'],
        };
      } catch (error) {
        if (isIndexMissing(error)) return emptyResult(query, INSTITUTE_FACETS) as InstituteSearchResult;
        throw searchUnavailable(error);
      }
    },
  };
}
export type SearchService = ReturnType<typeof createSearchService>;
