import { error } from '@sveltejs/kit';
import { getInstitute } from '$lib/api/institutes.ts';
import { rethrowForPage, requireSignIn } from '$lib/load.ts';
import { session } from '$lib/session.svelte.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, fetch, parent, url }) => {
  await parent();
  requireSignIn(url);
  if (!session.canManage(params.id)) error(403, { message: 'Only members edit this profile.', code: 'auth.forbidden' });
  try {
    return { institute: await getInstitute(params.id, fetch) };
  } catch (cause) {
    rethrowForPage(cause, url);
  }
};
