import { getTask } from '$lib/api/tasks.ts';
import { rethrowForPage } from '$lib/load.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, fetch, parent, url }) => {
  await parent();
  try {
    return { task: await getTask(params.id, fetch) };
  } catch (error) {
    rethrowForPage(error, url);
  }
};
