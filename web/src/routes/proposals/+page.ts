import { error } from '@sveltejs/kit';
import { PAGE_SIZE_MAX } from '$shared/constants.ts';
import { listProposals } from '$lib/api/proposals.ts';
import { rethrowForPage, requireSignIn } from '$lib/load.ts';
import { session } from '$lib/session.svelte.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, parent, url }) => {
  await parent();
  requireSignIn(url);
  if (session.organisation?.kind !== 'institute') error(403, { message: 'My proposals are an institute page.', code: 'organisations.kind_not_allowed' });
  try {
    return { page: await listProposals({ mine: true, pageSize: PAGE_SIZE_MAX }, fetch) };
  } catch (cause) {
    rethrowForPage(cause, url);
  }
};
