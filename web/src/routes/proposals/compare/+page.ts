import { redirect } from '@sveltejs/kit';
import { compareProposals } from '$lib/api/proposals.ts';
import { COMPARE_MAX, COMPARE_MIN } from '$lib/forms/proposal-filters.ts';
import { rethrowForPage, requireSignIn } from '$lib/load.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, parent, url }) => {
  await parent();
  requireSignIn(url);
  const ids = [...new Set(url.searchParams.getAll('ids'))];
  // Only a path on this site, never an open redirect.
  const asked = url.searchParams.get('back') ?? '';
  const back = asked.startsWith('/') && !asked.startsWith('//') && !asked.startsWith('/\\') ? asked : '/inbox';
  // Nothing (or too much) to compare: back to the list where proposals are chosen, which says how many.
  if (ids.length < COMPARE_MIN || ids.length > COMPARE_MAX) redirect(303, back);
  try {
    return { comparison: await compareProposals({ ids }, fetch), back };
  } catch (cause) {
    rethrowForPage(cause, url);
  }
};
