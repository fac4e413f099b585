import { parseInstituteSearchQuery } from '$lib/filters.ts';
import { runInstituteSearch } from '$lib/services/search.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url, fetch }) => {
  const query = parseInstituteSearchQuery(url.searchParams);
  return { query, ...(await runInstituteSearch(url, query, fetch)) };
};
