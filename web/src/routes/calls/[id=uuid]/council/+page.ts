import { getCouncil } from '$lib/api/calls.ts';
import { rethrowForPage, requireSignIn } from '$lib/load.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, params, parent, url }) => {
  await parent();
  requireSignIn(url);
  try {
    return { council: await getCouncil(params.id, fetch) };
  } catch (cause) {
    rethrowForPage(cause, url);
  }
};
