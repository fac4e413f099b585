import { getPublicStats, listPublicPartnerships } from '$lib/api/public.ts';
import { rethrowForPage } from '$lib/load.ts';
import { parsePublicFilter } from '$lib/public-filters.ts';
import type { PageLoad } from './$types';

const PAGE_SIZE = 20;

// No sign-in: the transparency page is for everybody.
export const load: PageLoad = async ({ url, fetch }) => {
  const filter = parsePublicFilter(url.searchParams);
  const page = Math.max(1, Math.min(100_000, Math.floor(Number(url.searchParams.get('page'))) || 1));
  try {
    const [stats, list] = await Promise.all([getPublicStats(fetch), listPublicPartnerships({ ...filter, page, pageSize: PAGE_SIZE }, fetch)]);
    return { filter, stats, list };
  } catch (cause) {
    rethrowForPage(cause);
  }
};
