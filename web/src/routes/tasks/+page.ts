import { listTasks } from '$lib/api/tasks.ts';
import { LIST_PAGE_SIZE, parseTaskQuery } from '$lib/filters.ts';
import { rethrowForPage } from '$lib/load.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url, fetch, parent }) => {
  await parent(); // signed-in users also see tasks for registered members
  const query = parseTaskQuery(url.searchParams);
  try {
    const result = await listTasks({ ...query, pageSize: LIST_PAGE_SIZE }, fetch);
    return { query, result };
  } catch (error) {
    rethrowForPage(error);
  }
};
