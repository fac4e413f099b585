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
import { collectHighlights, HIGHLIGHT_POST, HIGHLIGHT_PRE } from './highlight.ts';
import type { IndexNames } from './search.settings.ts';
import { findMeiliApiError, isIndexMissing } from '../../search/meili-client.ts';

/**
 * Meilisearch scores a vector hit (1 + cosine) / 2: unrelated texts sit near 0.5, texts sharing
 * a concept above 0.7 with the builtin embedder (and with OpenAI's models). Hits below are noise.
 */
export const SEMANTIC_SCORE_THRESHOLD = 0.6;

export const TASK_FACETS = ['priorityArea', 'region', 'lang', 'trlTarget', 'budgetBand', 'deadlineYear'] as const;
export const INSTITUTE_FACETS = ['priorityAreas', 'region', 'lang', 'accredited'] as const;

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
 * Meilisearch's hybrid merge can place a weaker keyword hit above a much stronger semantic one
 * within a page; people expect the page in score order. Without a query the sort order stands.
 */
function orderByScore<T extends { score: number }>(q: string | undefined, items: T[]): T[] {
  return q?.trim() ? [...items].sort((a, b) => b.score - a.score) : items;
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
    return {
      hybrid: { embedder: EMBEDDER_NAME, semanticRatio: ratio },
      vector: await embedder.embedQuery(q),
      // Vector search ranks every document; without a floor the unrelated tail fills the results.
      rankingScoreThreshold: SEMANTIC_SCORE_THRESHOLD,
    };
  }

  const paging = (query: { page?: number; pageSize?: number }) => ({ page: query.page ?? 1, hitsPerPage: query.pageSize ?? 20 });
  const highlighting = (fields: string[]) => ({
    attributesToHighlight: fields, attributesToCrop: ['problem', 'description'], cropLength: 40,
    highlightPreTag: HIGHLIGHT_PRE, highlightPostTag: HIGHLIGHT_POST, showRankingScore: true,
  });

  return {
    async searchTasks(auth: AuthContext, query: TaskSearchQuery): Promise<TaskSearchResult> {
      const { q, semanticRatio, page: _page, pageSize: _pageSize, ...filters } = query;
      try {
        const result = await meili.index<TaskDocument>(indexNames.tasks).search(q ?? '', {
          ...(await buildHybrid(q, semanticRatio)),
          ...paging(query),
          filter: buildTaskFilter(auth, filters),
          facets: [...TASK_FACETS],
          ...highlighting(['title', 'problem']),
          ...(q?.trim() ? {} : { sort: ['publishedTs:desc'] }),
        });
        return {
          items: orderByScore(q, result.hits.map((hit) => ({ item: taskDocumentToSummary(hit), highlights: collectHighlights(hit._formatted, ['title', 'problem']), score: hit._rankingScore ?? 0 }))),
          total: result.totalHits ?? 0, page: result.page ?? 1, pageSize: result.hitsPerPage ?? paging(query).hitsPerPage,
          facets: Object.fromEntries(TASK_FACETS.map((facet) => [facet, result.facetDistribution?.[facet] ?? {}])) as TaskSearchResult['facets'],
          processingTimeMs: result.processingTimeMs,
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
        const result = await meili.index<InstituteDocument>(indexNames.institutes).search(q ?? '', {
          ...(await buildHybrid(q, semanticRatio)),
          ...paging(query),
          filter: buildInstituteFilter(filters),
          facets: [...INSTITUTE_FACETS],
          ...highlighting(['name', 'description']),
          ...(q?.trim() ? {} : { sort: ['name:asc'] }),
        });
        return {
          items: orderByScore(q, result.hits.map((hit) => ({ item: instituteDocumentToSummary(hit), highlights: collectHighlights(hit._formatted, ['name', 'description']), score: hit._rankingScore ?? 0 }))),
          total: result.totalHits ?? 0, page: result.page ?? 1, pageSize: result.hitsPerPage ?? paging(query).hitsPerPage,
          facets: Object.fromEntries(INSTITUTE_FACETS.map((facet) => [facet, result.facetDistribution?.[facet] ?? {}])) as InstituteSearchResult['facets'],
          processingTimeMs: result.processingTimeMs,
        };
      } catch (error) {
        if (isIndexMissing(error)) return emptyResult(query, INSTITUTE_FACETS) as InstituteSearchResult;
        throw searchUnavailable(error);
      }
    },
  };
}
export type SearchService = ReturnType<typeof createSearchService>;
