import { getOrganisation } from '$lib/api/organisations.ts';
import { parseTaskSearchQuery } from '$lib/filters.ts';
import { runTaskSearch } from '$lib/services/search.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url, fetch, parent }) => {
  await parent(); // signed-in users also find tasks for registered members
  const query = parseTaskSearchQuery(url.searchParams);
  // One organisation's tasks name it in the header; an unknown one still filters (to nothing).
  const organisation = query.organisationId ? getOrganisation(query.organisationId, fetch).then((found) => ({ id: found.id, name: found.name }), () => null) : null;
  // An unavailable search is shown in the page, next to the search box, not as an error page.
  const [result, filteredBy] = await Promise.all([runTaskSearch(url, query, fetch), organisation]);
  return { query, organisation: filteredBy, ...result };
};
