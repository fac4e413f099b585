import { getTask } from '$lib/api/tasks.ts';
import { listTaskAttachments } from '$lib/api/task-attachments.ts';
import { rethrowForPage } from '$lib/load.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, fetch, parent, url }) => {
  await parent();
  try {
    const [task, attachments] = await Promise.all([getTask(params.id, fetch), listTaskAttachments(params.id, fetch)]);
    return { task, attachments };
  } catch (error) {
    rethrowForPage(error, url);
  }
};
