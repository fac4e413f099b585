import { error } from '@sveltejs/kit';
import { listTasks } from '$lib/api/tasks.ts';
import { rethrowForPage, requireSignIn } from '$lib/load.ts';
import { session } from '$lib/session.svelte.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, parent, url }) => {
  await parent();
  requireSignIn(url);
  if (session.organisation?.kind !== 'program_office') error(403, { message: 'Calls are opened by program offices.', code: 'organisations.kind_not_allowed' });
  try {
    return { tasks: (await listTasks({ pageSize: 100 }, fetch)).items };
  } catch (cause) {
    rethrowForPage(cause, url);
  }
};
