// The program workspace's URL: which view and which filters, parsed leniently (a bad value is ignored).
import { PRIORITY_AREAS, REGIONS } from '$shared/constants.ts';
import { COFINANCING_SOURCES } from '$shared/schemas/proposals.ts';
import { PARTNERSHIP_STATUS_VALUES } from '$shared/schemas/program.ts';

export const PROGRAM_VIEWS = ['ledger', 'portfolio', 'funnel', 'scorecards', 'audit'] as const;
export type ProgramView = (typeof PROGRAM_VIEWS)[number];

export const text = (url: URL, name: string) => url.searchParams.get(name)?.trim() || undefined;
export const oneOf = <T extends string>(values: readonly T[], value: string | undefined) => values.find((candidate) => candidate === value);
const isDate = (value: string | undefined) => (value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined);
const isId = (value: string | undefined) => (value && /^[0-9a-f-]{36}$/i.test(value) ? value : undefined);

/** Every filter lives in the URL, so a view can be bookmarked, shared and reloaded as it is. */
export function filtersOf(url: URL) {
  const year = Number.parseInt(url.searchParams.get('year') ?? '', 10);
  return {
    region: oneOf([...REGIONS, 'all'] as const, text(url, 'region')),
    from: isDate(text(url, 'from')),
    to: isDate(text(url, 'to')),
    priorityArea: oneOf(PRIORITY_AREAS, text(url, 'priorityArea')),
    source: oneOf(COFINANCING_SOURCES, text(url, 'source')),
    status: oneOf(PARTNERSHIP_STATUS_VALUES, text(url, 'status')),
    year: year >= 2000 && year <= 2100 ? year : undefined,
    enterpriseId: isId(text(url, 'enterpriseId')),
    instituteId: isId(text(url, 'instituteId')),
    entityType: text(url, 'entityType'),
    entityId: text(url, 'entityId'),
    actorEmail: text(url, 'actorEmail'),
    action: text(url, 'action'),
    auditFrom: isDate(text(url, 'auditFrom')),
    auditTo: isDate(text(url, 'auditTo')),
  };
}
export type ProgramFilters = ReturnType<typeof filtersOf>;


/** The URL of a view with these filters (empty ones dropped) and optionally a page. */
export function programHref(view: ProgramView, filters: Partial<ProgramFilters>, page?: number) {
  const params = new URLSearchParams({ view });
  for (const [key, value] of Object.entries(filters)) if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  if (page && page > 1) params.set('page', String(page));
  return `/program?${params.toString()}`;
}
