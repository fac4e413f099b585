import { getCall, getResults } from '$lib/api/calls.ts';
import { rethrowForPage, requireSignIn } from '$lib/load.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, params, parent, url }) => {
  await parent();
  requireSignIn(url);
  try {
    const [call, results] = await Promise.all([getCall(params.id, fetch), getResults(params.id, fetch)]);
    return { call, results };
  } catch (cause) {
    rethrowForPage(cause, url);
  }
};
