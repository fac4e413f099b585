// Search filters live in the URL so a search can be shared and survives back/forward; these parse
// and print them. Unknown or malformed values are dropped rather than sent to the API.
import { LOCALES, PRIORITY_AREAS, REGIONS } from '$shared/constants.ts';
import {
  BUDGET_BANDS, INSTITUTE_SEARCH_SORTS, TASK_SEARCH_SORTS, type BudgetBand, type InstituteSearchQuery, type TaskSearchQuery,
} from '$shared/schemas/search.ts';
import { toSearchParams, type Query } from './api/http.ts';

const BUDGET_BAND_IDS = BUDGET_BANDS.map((band) => band.id) as BudgetBand[];

const oneOf = <T extends string>(allowed: readonly T[], values: string[]): T[] =>
  [...new Set(values.filter((value): value is T => (allowed as readonly string[]).includes(value)))];

function int(value: string | null, min: number, max: number): number | undefined {
  if (value === null || !/^\d+$/.test(value.trim())) return undefined;
  const parsed = Number(value.trim());
  return parsed >= min && parsed <= max ? parsed : undefined;
}

function isoDate(value: string | null): string | undefined {
  return value && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) ? value : undefined;
}

function uuid(value: string | null): string | undefined {
  return value && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value.trim()) ? value.trim().toLowerCase() : undefined;
}

function text(value: string | null): string | undefined {
  const trimmed = value?.trim().slice(0, 300);
  return trimmed ? trimmed : undefined;
}

/** Drops undefined and empty arrays so the object round-trips through the URL unchanged. */
export function compact<T extends object>(query: T): T {
  return Object.fromEntries(
    Object.entries(query).filter(([, value]) => value !== undefined && value !== '' && !(Array.isArray(value) && value.length === 0)),
  ) as T;
}

export function parseTaskSearchQuery(params: URLSearchParams): TaskSearchQuery {
  return compact<TaskSearchQuery>({
    q: text(params.get('q')),
    priorityArea: oneOf(PRIORITY_AREAS, params.getAll('priorityArea')),
    region: oneOf(REGIONS, params.getAll('region')),
    lang: oneOf(LOCALES, params.getAll('lang')),
    budgetBand: oneOf(BUDGET_BAND_IDS, params.getAll('budgetBand')),
    // Older links and saved searches may carry an explicit budget range.
    budgetFrom: int(params.get('budgetFrom'), 0, Number.MAX_SAFE_INTEGER),
    budgetTo: int(params.get('budgetTo'), 0, Number.MAX_SAFE_INTEGER),
    trlFrom: int(params.get('trlFrom'), 1, 9),
    trlTo: int(params.get('trlTo'), 1, 9),
    deadlineFrom: isoDate(params.get('deadlineFrom')),
    deadlineTo: isoDate(params.get('deadlineTo')),
    sort: oneOf(TASK_SEARCH_SORTS, params.getAll('sort'))[0],
    organisationId: uuid(params.get('organisationId')),
    page: int(params.get('page'), 1, 1000),
  });
}

export function parseInstituteSearchQuery(params: URLSearchParams): InstituteSearchQuery {
  return compact<InstituteSearchQuery>({
    q: text(params.get('q')),
    priorityArea: oneOf(PRIORITY_AREAS, params.getAll('priorityArea')),
    region: oneOf(REGIONS, params.getAll('region')),
    lang: oneOf(LOCALES, params.getAll('lang')),
    accreditedOnly: params.get('accreditedOnly') === 'true' ? true : undefined,
    sort: oneOf(INSTITUTE_SEARCH_SORTS, params.getAll('sort'))[0],
    page: int(params.get('page'), 1, 1000),
  });
}

/** The search page's URL for a query (page 1 is implied). */
export function listHref(pathname: string, query: object, page?: number): string {
  const { page: _ignored, ...rest } = query as Query;
  const params = toSearchParams({ ...rest, page: page && page > 1 ? page : undefined });
  const search = params.toString();
  return search ? `${pathname}?${search}` : pathname;
}

// The page and the order do not narrow anything.
const NOT_CRITERIA = new Set(['page', 'sort']);

/** True when the query narrows the results in any way (text or a filter). */
export const hasCriteria = (query: object) => Object.entries(query).some(([key, value]) => !NOT_CRITERIA.has(key) && value !== undefined);

/** How many filters (besides the words, the order and the page) are in effect. */
export const activeFilterCount = (query: object) => Object.entries(query).filter(([key, value]) => !NOT_CRITERIA.has(key) && key !== 'q' && value !== undefined).length;

/** A facet's ticked values as a filter: none ticked means no filter. */
export const ticked = <T extends string>(values: string[]) => (values.length ? (values as T[]) : undefined);

export const SEARCH_PAGE_SIZE = 20;
