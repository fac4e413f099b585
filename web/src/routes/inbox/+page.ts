import { error } from '@sveltejs/kit';
import { listProposals } from '$lib/api/proposals.ts';
import { inboxQueryFromUrl } from '$lib/forms/proposal-filters.ts';
import { rethrowForPage, requireSignIn } from '$lib/load.ts';
import { session } from '$lib/session.svelte.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, parent, url }) => {
  await parent();
  requireSignIn(url);
  if (session.organisation?.kind !== 'enterprise') error(403, { message: 'The inbox is an enterprise page.', code: 'organisations.kind_not_allowed' });
  const query = inboxQueryFromUrl(url);
  try {
    return { query, page: await listProposals({ ...query, inbox: true }, fetch) };
  } catch (cause) {
    rethrowForPage(cause, url);
  }
};
