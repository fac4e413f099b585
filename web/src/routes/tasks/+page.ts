import { parseTaskSearchQuery } from '$lib/filters.ts';
import { runTaskSearch } from '$lib/services/search.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url, fetch, parent }) => {
  await parent(); // signed-in users also find tasks for registered members
  const query = parseTaskSearchQuery(url.searchParams);
  // An unavailable search is shown in the page, next to the search box, not as an error page.
  return { query, ...(await runTaskSearch(url, query, fetch)) };
};
