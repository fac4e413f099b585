import { listSavedSearches } from '$lib/api/alerts.ts';
import { rethrowForPage, requireSignIn } from '$lib/load.ts';
import { session } from '$lib/session.svelte.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url, fetch, parent }) => {
  await parent();
  requireSignIn(url);
  // Saved searches belong to people acting for an organisation (see the API).
  if (!session.organisation) return { searches: null };
  try {
    return { searches: await listSavedSearches(fetch) };
  } catch (error) {
    rethrowForPage(error, url);
  }
};
