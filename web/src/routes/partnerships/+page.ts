import { PAGE_SIZE_MAX } from '$shared/constants.ts';
import { listPartnerships } from '$lib/api/partnerships.ts';
import { rethrowForPage, requireSignIn } from '$lib/load.ts';
import type { PartnershipListQuery } from '$shared/schemas/partnerships.ts';
import type { PageLoad } from './$types';

const filterKeys = ['status', 'priorityArea', 'region', 'source'] as const;

export const load: PageLoad = async ({ fetch, parent, url }) => {
  await parent();
  requireSignIn(url);
  const query: PartnershipListQuery = { pageSize: PAGE_SIZE_MAX, page: Number(url.searchParams.get('page')) || 1 };
  for (const key of filterKeys) {
    const value = url.searchParams.get(key);
    if (value) (query as Record<string, unknown>)[key] = value;
  }
  const year = Number(url.searchParams.get('year'));
  if (year) query.year = year;
  try {
    return { page: await listPartnerships(query, fetch), query };
  } catch (cause) {
    rethrowForPage(cause, url);
  }
};
