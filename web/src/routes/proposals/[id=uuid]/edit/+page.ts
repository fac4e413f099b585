import { redirect } from '@sveltejs/kit';
import { getProposal } from '$lib/api/proposals.ts';
import { rethrowForPage, requireSignIn } from '$lib/load.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, fetch, parent, url }) => {
  await parent();
  requireSignIn(url);
  let proposal;
  try {
    proposal = await getProposal(params.id, fetch);
  } catch (cause) {
    rethrowForPage(cause, url);
  }
  // Only a draft is editable; anything else is shown (and can be withdrawn) on its page.
  if (proposal.status !== 'draft') redirect(303, `/proposals/${proposal.id}`);
  return { proposal, saved: url.searchParams.has('saved') };
};
