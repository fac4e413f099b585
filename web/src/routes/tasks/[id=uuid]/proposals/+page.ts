import { getTask } from '$lib/api/tasks.ts';
import { listTaskProposals } from '$lib/api/proposals.ts';
import { inboxQueryFromUrl } from '$lib/forms/proposal-filters.ts';
import { rethrowForPage, requireSignIn } from '$lib/load.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, fetch, parent, url }) => {
  await parent();
  requireSignIn(url);
  const query = inboxQueryFromUrl(url);
  try {
    const [task, page] = await Promise.all([getTask(params.id, fetch), listTaskProposals(params.id, query, fetch)]);
    return { task, query, page };
  } catch (cause) {
    rethrowForPage(cause, url);
  }
};
