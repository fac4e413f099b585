import { getPartnership } from '$lib/api/partnerships.ts';
import { rethrowForPage, requireSignIn } from '$lib/load.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, fetch, parent, url }) => {
  await parent();
  requireSignIn(url);
  try {
    return { partnership: await getPartnership(params.id, fetch) };
  } catch (cause) {
    rethrowForPage(cause, url);
  }
};
