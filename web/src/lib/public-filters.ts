// The transparency list's filters, read from and written to the page address.
import { PRIORITY_AREAS, REGIONS } from '$shared/constants.ts';
import { COFINANCING_SOURCES } from '$shared/schemas/proposals.ts';
import { PARTNERSHIP_PUBLIC_STATUSES, type PublicPartnershipFilter } from '$shared/schemas/public.ts';
import { toSearchParams } from './api/http.ts';

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | undefined =>
  value !== null && (values as readonly string[]).includes(value) ? (value as T) : undefined;

/** Anything unknown in the address is ignored rather than sent on (the API would answer 400). */
export function parsePublicFilter(params: URLSearchParams): PublicPartnershipFilter {
  const year = Number(params.get('year'));
  return {
    priorityArea: oneOf(PRIORITY_AREAS, params.get('priorityArea')),
    region: oneOf(REGIONS, params.get('region')),
    source: oneOf(COFINANCING_SOURCES, params.get('source')),
    status: oneOf(PARTNERSHIP_PUBLIC_STATUSES, params.get('status')),
    year: Number.isInteger(year) && year >= 2000 && year <= 2100 ? year : undefined,
  };
}

export function transparencyHref(filter: PublicPartnershipFilter, page = 1): string {
  const search = toSearchParams({ ...filter, page: page > 1 ? page : undefined }).toString();
  return `/transparency${search ? `?${search}` : ''}`;
}
