import type { CreateTaskBody, UpdateTaskBody } from '../../../shared/schemas/tasks.ts';
import type { TaskRow } from './tasks.table.ts';
import { MIN_PROBLEM_LENGTH_TO_PUBLISH } from '../../../shared/constants.ts';


type Issue = { path: string; message: string };

/** Field combinations a schema cannot express; checked on create and on every update. */
export function checkTaskConsistency(task: Pick<CreateTaskBody, 'budgetMinKzt' | 'budgetMaxKzt' | 'trlCurrent' | 'trlTarget'>): Issue[] {
  const issues: Issue[] = [];
  if (task.budgetMinKzt != null && task.budgetMaxKzt != null && task.budgetMinKzt > task.budgetMaxKzt) {
    issues.push({ path: '/budgetMinKzt', message: 'must not exceed the maximum budget' });
  }
  if (task.trlCurrent != null && task.trlTarget != null && task.trlCurrent > task.trlTarget) {
    issues.push({ path: '/trlCurrent', message: 'must not exceed the target TRL' });
  }
  return issues;
}

/** Unclear statements are why calls fail: publishing needs a real problem, an outcome and a deadline. */
export function checkReadyToPublish(task: TaskRow, today = new Date().toISOString().slice(0, 10)): Issue[] {
  const issues: Issue[] = [];
  if (task.problem.trim().length < MIN_PROBLEM_LENGTH_TO_PUBLISH) {
    issues.push({ path: '/problem', message: `describe the problem in at least ${MIN_PROBLEM_LENGTH_TO_PUBLISH} characters` });
  }
  if (!task.desiredOutcome?.trim()) issues.push({ path: '/desiredOutcome', message: 'say what result you expect' });
  if (!task.deadline) issues.push({ path: '/deadline', message: 'set a deadline' });
  else if (task.deadline <= today) issues.push({ path: '/deadline', message: 'must be in the future' });
  return issues;
}

export function mergeForConsistency(current: TaskRow, changes: UpdateTaskBody) {
  return {
    budgetMinKzt: changes.budgetMinKzt !== undefined ? changes.budgetMinKzt : current.budgetMinKzt,
    budgetMaxKzt: changes.budgetMaxKzt !== undefined ? changes.budgetMaxKzt : current.budgetMaxKzt,
    trlCurrent: changes.trlCurrent !== undefined ? changes.trlCurrent : current.trlCurrent,
    trlTarget: changes.trlTarget ?? current.trlTarget,
  };
}
