import { listNegotiations } from '$lib/api/negotiations.ts';
import { rethrowForPage, requireSignIn } from '$lib/load.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, parent, url }) => {
  await parent();
  requireSignIn(url);
  try {
    return { list: await listNegotiations({ mine: true }, fetch) };
  } catch (cause) {
    rethrowForPage(cause, url);
  }
};
