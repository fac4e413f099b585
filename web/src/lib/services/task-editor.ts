// Saving the task form: create or update, then publish when asked; failures come back as field errors.
import type { CreateTaskBody, Task } from '$shared/schemas/tasks.ts';
import { isApiError } from '../api/http.ts';
import { consistencyIssue, publishIssue, type SubmitIntent } from '../forms/task-form.ts';
import { detailsToFieldErrors, type FieldErrors } from '../forms/validation.ts';
import { publishTask, saveTask } from './tasks.ts';

export interface TaskSubmitResult {
  /** The task as last saved, even when publishing it then failed. */
  task: Task | null;
  errors: FieldErrors;
  /** The error to explain above the form (its message is translated when shown). */
  failure: unknown;
}

export async function submitTask(taskId: string | null, body: CreateTaskBody, intent: SubmitIntent): Promise<TaskSubmitResult> {
  let task: Task | null = null;
  try {
    task = await saveTask(taskId, body);
    if (intent === 'publish' && task.status !== 'published') task = await publishTask(task.id);
    return { task, errors: {}, failure: null };
  } catch (error) {
    const errors = isApiError(error)
      ? detailsToFieldErrors(error, (path) => (error.code === 'tasks.incomplete' ? publishIssue(path) : consistencyIssue(path)))
      : {};
    return { task, errors, failure: error };
  }
}
