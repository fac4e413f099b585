import Type, { type Static } from 'typebox';
import {
  IdSchema, LocaleSchema, PriorityAreaSchema, RegionSchema, TrlSchema, KztSchema, IsoDateSchema, ExternalIdSchema,
} from './common.ts';
import { TaskSummarySchema } from './tasks.ts';
import { InstituteSummarySchema } from './institutes.ts';

export const SEARCH_PAGE_SIZE_MAX = 50;
/** 0 = keyword only, 1 = meaning only. */
export const SemanticRatioSchema = Type.Number({ minimum: 0, maximum: 1 });

/** Budget bands for facet counts (whole tenge, upper bounds exclusive). */
export const BUDGET_BANDS = [
  { id: 'under-50m', max: 50_000_000 },
  { id: '50m-200m', max: 200_000_000 },
  { id: '200m-1b', max: 1_000_000_000 },
  { id: 'over-1b', max: Number.MAX_SAFE_INTEGER },
] as const;
export type BudgetBand = (typeof BUDGET_BANDS)[number]['id'];

const searchPaging = {
  q: Type.Optional(Type.String({ maxLength: 300 })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: SEARCH_PAGE_SIZE_MAX, default: 20 })),
  semanticRatio: Type.Optional(SemanticRatioSchema),
};

/** Relevance needs words; without them the default is newest (tasks) or name (institutes). */
export const TASK_SEARCH_SORTS = ['relevance', 'newest', 'deadline', 'budget'] as const;
export type TaskSearchSort = (typeof TASK_SEARCH_SORTS)[number];
export const INSTITUTE_SEARCH_SORTS = ['relevance', 'name'] as const;
export type InstituteSearchSort = (typeof INSTITUTE_SEARCH_SORTS)[number];

/** With words, counts and pages come from the first this-many hits (best first): `capped` says when there were more. */
export const SEARCH_RESULT_CAP = 1000;

export const TaskSearchQuerySchema = Type.Object({
  ...searchPaging,
  sort: Type.Optional(Type.Enum(TASK_SEARCH_SORTS)),
  priorityArea: Type.Optional(Type.Array(PriorityAreaSchema, { maxItems: 8 })),
  region: Type.Optional(Type.Array(RegionSchema, { maxItems: 20 })),
  lang: Type.Optional(Type.Array(LocaleSchema, { maxItems: 3 })),
  budgetBand: Type.Optional(Type.Array(Type.Enum(BUDGET_BANDS.map((band) => band.id)), { maxItems: 4 })),
  trlFrom: Type.Optional(TrlSchema),
  trlTo: Type.Optional(TrlSchema),
  deadlineFrom: Type.Optional(IsoDateSchema),
  deadlineTo: Type.Optional(IsoDateSchema),
  budgetFrom: Type.Optional(KztSchema),
  budgetTo: Type.Optional(KztSchema),
  /** One organisation's tasks (the "tasks of this organisation" link). */
  organisationId: Type.Optional(IdSchema),
});
export type TaskSearchQuery = Static<typeof TaskSearchQuerySchema>;

export const InstituteSearchQuerySchema = Type.Object({
  ...searchPaging,
  sort: Type.Optional(Type.Enum(INSTITUTE_SEARCH_SORTS)),
  priorityArea: Type.Optional(Type.Array(PriorityAreaSchema, { maxItems: 8 })),
  region: Type.Optional(Type.Array(RegionSchema, { maxItems: 20 })),
  lang: Type.Optional(Type.Array(LocaleSchema, { maxItems: 3 })),
  accreditedOnly: Type.Optional(Type.Boolean()),
});
export type InstituteSearchQuery = Static<typeof InstituteSearchQuerySchema>;

/** A piece of text with the ranges to highlight (offsets in UTF-16 code units, end exclusive). */
export const HighlightedTextSchema = Type.Object({
  text: Type.String(),
  highlights: Type.Array(Type.Object({ start: Type.Integer(), end: Type.Integer() })),
});
export type HighlightedText = Static<typeof HighlightedTextSchema>;

const FacetCounts = Type.Record(Type.String(), Type.Integer());

export const SEARCH_SUGGESTION_KINDS = ['spelling', 'broader'] as const;

/**
 * Offered when a search finds nothing: `spelling` is the query with its words replaced by the
 * nearest known words, `broader` the same words without the filters or by meaning too. `query` is
 * the whole search to run instead (no page), `total` how many it finds.
 */
function SuggestionOf<Q extends ReturnType<typeof Type.Object>>(query: Q) {
  return Type.Object({ kind: Type.Enum(SEARCH_SUGGESTION_KINDS), query, total: Type.Integer() });
}

function SearchResultOf<T extends ReturnType<typeof Type.Object>, Q extends ReturnType<typeof Type.Object>>(item: T, facets: string[], query: Q) {
  return Type.Object({
    items: Type.Array(Type.Object({ item, highlights: Type.Record(Type.String(), HighlightedTextSchema), score: Type.Number() })),
    /** How many results the pages list, exactly (facet counts add up over the same set). */
    total: Type.Integer(),
    /** True when more than SEARCH_RESULT_CAP documents matched the words: only the best are listed and counted. */
    capped: Type.Boolean(),
    page: Type.Integer(),
    pageSize: Type.Integer(),
    facets: Type.Object(Object.fromEntries(facets.map((facet) => [facet, FacetCounts]))),
    processingTimeMs: Type.Number(),
    /** Empty unless the search found nothing. */
    suggestions: Type.Array(SuggestionOf(query)),
    /** True when the search engine is unreachable and the list comes from the database (no words, no facet counts). */
    degraded: Type.Boolean(),
  });
}

const TaskSuggestionQuerySchema = Type.Omit(TaskSearchQuerySchema, ['page', 'pageSize']);
const InstituteSuggestionQuerySchema = Type.Omit(InstituteSearchQuerySchema, ['page', 'pageSize']);
export type TaskSuggestionQuery = Static<typeof TaskSuggestionQuerySchema>;
export type InstituteSuggestionQuery = Static<typeof InstituteSuggestionQuerySchema>;

export const TaskSearchResultSchema = SearchResultOf(TaskSummarySchema, ['priorityArea', 'region', 'lang', 'trlTarget', 'budgetBand', 'deadlineYear'], TaskSuggestionQuerySchema);
export type TaskSearchResult = Static<typeof TaskSearchResultSchema>;
export const InstituteSearchResultSchema = SearchResultOf(InstituteSummarySchema, ['priorityAreas', 'region', 'lang', 'accredited'], InstituteSuggestionQuerySchema);
export type InstituteSearchResult = Static<typeof InstituteSearchResultSchema>;

// ------------------------------------------------------------------ matching

export const MATCH_SIGNALS = ['text', 'priorityArea', 'region', 'trl', 'trackRecord'] as const;
export type MatchSignal = (typeof MATCH_SIGNALS)[number];

export const MatchExplanationSchema = Type.Object({
  /** Concepts both texts mention, named in the viewer's language. */
  sharedConcepts: Type.Array(Type.Object({ id: Type.String(), label: Type.String(), termsInTask: Type.Array(Type.String()), termsInInstitute: Type.Array(Type.String()) })),
  /** The best-matching passages of the other side, with the shared terms highlighted. */
  passages: Type.Array(HighlightedTextSchema),
  /** Each signal's value (0–1), weight, and contribution to the score (value × weight). */
  signals: Type.Array(Type.Object({ signal: Type.Enum(MATCH_SIGNALS), value: Type.Number(), weight: Type.Number(), contribution: Type.Number(), note: Type.String() })),
});
export type MatchExplanation = Static<typeof MatchExplanationSchema>;

export const MatchQuerySchema = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10 })),
  locale: Type.Optional(LocaleSchema),
});
export type MatchQuery = Static<typeof MatchQuerySchema>;

export const InstituteMatchSchema = Type.Object({ institute: InstituteSummarySchema, score: Type.Number(), explanation: MatchExplanationSchema });
export const TaskMatchSchema = Type.Object({ task: TaskSummarySchema, score: Type.Number(), explanation: MatchExplanationSchema });
export type InstituteMatch = Static<typeof InstituteMatchSchema>;
export type TaskMatch = Static<typeof TaskMatchSchema>;

export const InstituteMatchesSchema = Type.Object({
  taskId: IdSchema,
  externalId: ExternalIdSchema,
  /** True when the task has neither a problem statement nor a desired outcome yet: nothing is ranked on a title alone. */
  needsDescription: Type.Boolean(),
  matches: Type.Array(InstituteMatchSchema),
});
export const TaskMatchesSchema = Type.Object({ instituteId: IdSchema, externalId: ExternalIdSchema, matches: Type.Array(TaskMatchSchema) });
