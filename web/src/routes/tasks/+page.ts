import { getOrganisation } from '$lib/api/organisations.ts';
import { parseTaskSearchQuery } from '$lib/filters.ts';
import { runTaskSearch } from '$lib/services/search.ts';
import type { PageLoad } from './$types';

type NamedOrganisation = { id: string; name: string } | null;
/** The organisation a list is narrowed to, read once: typing in the search box reloads the page's data. */
let named: { id: string; organisation: Promise<NamedOrganisation> } | null = null;

function organisationNamed(id: string, fetch: typeof globalThis.fetch): Promise<NamedOrganisation> {
  if (named?.id !== id) {
    // An unknown organisation still filters (to nothing); the header then says "one organisation".
    named = { id, organisation: getOrganisation(id, fetch).then((found) => ({ id: found.id, name: found.name }), () => null) };
  }
  return named.organisation;
}

export const load: PageLoad = async ({ url, fetch, parent }) => {
  await parent(); // signed-in users also find tasks for registered members
  const query = parseTaskSearchQuery(url.searchParams);
  // An unavailable search is shown in the page, next to the search box, not as an error page.
  const [result, organisation] = await Promise.all([runTaskSearch(url, query, fetch), query.organisationId ? organisationNamed(query.organisationId, fetch) : null]);
  return { query, organisation, ...result };
};
