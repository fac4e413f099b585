import { AppError, notFound } from '../../errors.ts';

export const taskNotFound = () => notFound('tasks.not_found', 'The task');
export const invalidTaskTransition = (from: string, to: string) =>
  new AppError(409, 'tasks.invalid_transition', `A ${from} task cannot be ${to === 'published' ? 'published' : to}.`);
export const closedTaskIsReadOnly = () =>
  new AppError(409, 'tasks.invalid_transition', 'This task is closed and can no longer be edited. Reopen it by publishing it again.');
export const incompleteTask = (details: { path: string; message: string }[]) =>
  new AppError(422, 'tasks.incomplete', 'The task is not ready to publish: complete the highlighted fields.', details);
export const closeReasonRequired = () =>
  new AppError(400, 'tasks.close_reason_required', 'Say why the task is closed: the reason is shown on the task.', [{ path: '/reason', message: 'required when closing' }]);
