import { error } from '@sveltejs/kit';
import { getTask } from '$lib/api/tasks.ts';
import { rethrowForPage, requireSignIn } from '$lib/load.ts';
import { session } from '$lib/session.svelte.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, fetch, parent, url }) => {
  await parent();
  requireSignIn(url);
  if (session.organisation?.kind !== 'institute') error(403, { message: 'Only institutes propose.', code: 'organisations.kind_not_allowed' });
  try {
    return { task: await getTask(params.id, fetch) };
  } catch (cause) {
    rethrowForPage(cause, url);
  }
};
