import { error } from '@sveltejs/kit';
import { compareProposals } from '$lib/api/proposals.ts';
import { COMPARE_MAX, COMPARE_MIN } from '$lib/forms/proposal-filters.ts';
import { rethrowForPage, requireSignIn } from '$lib/load.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, parent, url }) => {
  await parent();
  requireSignIn(url);
  const ids = [...new Set(url.searchParams.getAll('ids'))];
  if (ids.length < COMPARE_MIN || ids.length > COMPARE_MAX) error(400, { message: 'Compare 2 to 4 proposals.', code: 'validation.failed' });
  // Only a path on this site, never an open redirect.
  const back = url.searchParams.get('back') ?? '';
  try {
    return { comparison: await compareProposals({ ids }, fetch), back: back.startsWith('/') && !back.startsWith('//') ? back : '/inbox' };
  } catch (cause) {
    rethrowForPage(cause, url);
  }
};
