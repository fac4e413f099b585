import type { Locale } from '$shared/constants.ts';
import type { Task } from '$shared/schemas/tasks.ts';
import * as ndaApi from '../api/nda.ts';
import { getTask } from '../api/tasks.ts';

/** Accepts the version the person read, then fetches the task again: now with its confidential part. */
export async function acceptNdaAndReload(taskId: string, version: number, locale: Locale): Promise<Task> {
  await ndaApi.acceptNda(taskId, { version, locale });
  return getTask(taskId);
}

export const useStandardNda = (taskId: string) => ndaApi.updateNda(taskId, { useStandard: true });
export const useCustomNda = (taskId: string, customText: string) => ndaApi.updateNda(taskId, { customText });
