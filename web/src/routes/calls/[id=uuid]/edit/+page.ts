import { error } from '@sveltejs/kit';
import { getCall } from '$lib/api/calls.ts';
import { listTasks } from '$lib/api/tasks.ts';
import { rethrowForPage, requireSignIn } from '$lib/load.ts';
import { session } from '$lib/session.svelte.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, params, parent, url }) => {
  await parent();
  requireSignIn(url);
  if (session.organisation?.kind !== 'program_office') error(403, { message: 'Calls are edited by their program office.', code: 'organisations.kind_not_allowed' });
  try {
    const [call, tasks] = await Promise.all([getCall(params.id, fetch), listTasks({ pageSize: 100 }, fetch)]);
    return { call, tasks: tasks.items };
  } catch (cause) {
    rethrowForPage(cause, url);
  }
};
