import { error } from '@sveltejs/kit';
import { getTask } from '$lib/api/tasks.ts';
import { listTaskAttachments } from '$lib/api/task-attachments.ts';
import { rethrowForPage, requireSignIn } from '$lib/load.ts';
import { session } from '$lib/session.svelte.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, fetch, parent, url }) => {
  await parent();
  requireSignIn(url);
  let task;
  try {
    task = await getTask(params.id, fetch);
  } catch (cause) {
    rethrowForPage(cause, url);
  }
  if (!session.canManage(task.organisation.id)) error(403, { message: 'Only the enterprise edits its tasks.', code: 'auth.forbidden' });
  return { task, attachments: await listTaskAttachments(params.id, fetch) };
};
