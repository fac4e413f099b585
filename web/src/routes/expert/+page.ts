import { listMyAssignments } from '$lib/api/calls.ts';
import { rethrowForPage, requireSignIn } from '$lib/load.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, parent, url }) => {
  await parent();
  requireSignIn(url);
  try {
    return { assignments: (await listMyAssignments(fetch)).items };
  } catch (cause) {
    rethrowForPage(cause, url);
  }
};
