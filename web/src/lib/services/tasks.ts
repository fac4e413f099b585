import type { CreateTaskBody, Task } from '$shared/schemas/tasks.ts';
import * as tasksApi from '../api/tasks.ts';

/** Creates the task (as a draft) or saves changes to it. */
export function saveTask(id: string | null, body: CreateTaskBody): Promise<Task> {
  return id ? tasksApi.updateTask(id, body) : tasksApi.createTask(body);
}

export const publishTask = (id: string) => tasksApi.changeTaskStatus(id, 'published');
/** Closing asks for a reason: it is shown on the task and kept in the audit log. */
export const closeTask = (id: string, reason: string) => tasksApi.changeTaskStatus(id, 'closed', reason);
