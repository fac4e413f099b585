import type { PublicPartnershipFilter, PublicPartnershipPage, PublicPartnershipQuery, PublicStats } from '$shared/schemas/public.ts';
import { http, toSearchParams, type Fetch } from './http.ts';

export const getPublicStats = (fetch?: Fetch) => http.get<PublicStats>('/public/stats', { fetch });

export const listPublicPartnerships = (query: PublicPartnershipQuery, fetch?: Fetch) => http.get<PublicPartnershipPage>('/public/partnerships', { query: { ...query }, fetch });

/** Links to the open-data downloads with the same filters as the list. */
export function openDataHref(format: 'csv' | 'json', filter: PublicPartnershipFilter): string {
  const search = toSearchParams({ ...filter }).toString();
  return `/api/public/partnerships.${format}${search ? `?${search}` : ''}`;
}
