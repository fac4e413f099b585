// List filters live in the URL so a filtered list can be shared; these parse and print them.
import { LOCALES, PAGE_SIZE_DEFAULT, PRIORITY_AREAS, REGIONS } from '$shared/constants.ts';
import { TASK_SORTS, type TaskQuery } from '$shared/schemas/tasks.ts';
import type { InstituteQuery } from '$shared/schemas/institutes.ts';
import { toSearchParams, type Query } from './api/http.ts';

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
  return value && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value) ? value.toLowerCase() : undefined;
}

function text(value: string | null): string | undefined {
  const trimmed = value?.trim().slice(0, 200);
  return trimmed ? trimmed : undefined;
}

/** Drops undefined and empty arrays so the object round-trips through the URL unchanged. */
function compact<T extends object>(query: T): T {
  return Object.fromEntries(
    Object.entries(query).filter(([, value]) => value !== undefined && !(Array.isArray(value) && value.length === 0)),
  ) as T;
}

export function parseTaskQuery(params: URLSearchParams): TaskQuery {
  const sort = params.get('sort');
  return compact<TaskQuery>({
    q: text(params.get('q')),
    priorityArea: oneOf(PRIORITY_AREAS, params.getAll('priorityArea')),
    region: oneOf(REGIONS, params.getAll('region')),
    lang: oneOf(LOCALES, params.getAll('lang')),
    budgetFrom: int(params.get('budgetFrom'), 0, Number.MAX_SAFE_INTEGER),
    budgetTo: int(params.get('budgetTo'), 0, Number.MAX_SAFE_INTEGER),
    trlFrom: int(params.get('trlFrom'), 1, 9),
    trlTo: int(params.get('trlTo'), 1, 9),
    deadlineFrom: isoDate(params.get('deadlineFrom')),
    deadlineTo: isoDate(params.get('deadlineTo')),
    organisationId: uuid(params.get('organisationId')),
    sort: sort && (TASK_SORTS as readonly string[]).includes(sort) ? (sort as TaskQuery['sort']) : undefined,
    page: int(params.get('page'), 1, 100_000),
  });
}

export function parseInstituteQuery(params: URLSearchParams): InstituteQuery {
  return compact<InstituteQuery>({
    q: text(params.get('q')),
    priorityArea: oneOf(PRIORITY_AREAS, params.getAll('priorityArea')),
    region: oneOf(REGIONS, params.getAll('region')),
    lang: oneOf(LOCALES, params.getAll('lang')),
    accreditedOnly: params.get('accreditedOnly') === 'true' ? true : undefined,
    page: int(params.get('page'), 1, 100_000),
  });
}

/** The list page's URL for a query (page 1 is implied). */
export function listHref(pathname: string, query: TaskQuery | InstituteQuery, page?: number): string {
  const params = toSearchParams({ ...(query as Query), page: page && page > 1 ? page : undefined });
  const search = params.toString();
  return search ? `${pathname}?${search}` : pathname;
}

export const LIST_PAGE_SIZE = PAGE_SIZE_DEFAULT;
