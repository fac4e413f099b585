import { listTasks } from '$lib/api/tasks.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch }) => {
  // The landing page must render even when the task list is unavailable.
  const latest = await listTasks({ pageSize: 3, sort: 'newest' }, fetch).catch(() => null);
  return { latest: latest?.items ?? [] };
};
