import type { CreateTaskBody, UpdateTaskBody } from '../../../shared/schemas/tasks.ts';
import type { TaskRow } from './tasks.table.ts';
import { MIN_PROBLEM_LENGTH_TO_PUBLISH, MIN_TITLE_LENGTH_TO_PUBLISH } from '../../../shared/constants.ts';


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

/**
 * Unclear statements are why calls fail: publishing needs a title, a real problem, an outcome, the
 * area, region and target TRL it is filed under, and a deadline. Drafts may lack any of them; this
 * lists every one still missing (the web shows the same list as a checklist).
 */
export function checkReadyToPublish(task: TaskRow, today = new Date().toISOString().slice(0, 10)): Issue[] {
  const issues: Issue[] = [];
  if ((task.title?.trim().length ?? 0) < MIN_TITLE_LENGTH_TO_PUBLISH) {
    issues.push({ path: '/title', message: `give the task a title of at least ${MIN_TITLE_LENGTH_TO_PUBLISH} characters` });
  }
  if ((task.problem?.trim().length ?? 0) < MIN_PROBLEM_LENGTH_TO_PUBLISH) {
    issues.push({ path: '/problem', message: `describe the problem in at least ${MIN_PROBLEM_LENGTH_TO_PUBLISH} characters` });
  }
  if (!task.desiredOutcome?.trim()) issues.push({ path: '/desiredOutcome', message: 'say what result you expect' });
  if (!task.priorityArea) issues.push({ path: '/priorityArea', message: 'choose a priority area' });
  if (!task.region) issues.push({ path: '/region', message: 'choose a region' });
  if (task.trlTarget == null) issues.push({ path: '/trlTarget', message: 'set the target TRL' });
  if (!task.deadline) issues.push({ path: '/deadline', message: 'set a deadline' });
  else if (task.deadline <= today) issues.push({ path: '/deadline', message: 'must be in the future' });
  return issues;
}

export function mergeForConsistency(current: TaskRow, changes: UpdateTaskBody) {
  return {
    budgetMinKzt: changes.budgetMinKzt !== undefined ? changes.budgetMinKzt : current.budgetMinKzt,
    budgetMaxKzt: changes.budgetMaxKzt !== undefined ? changes.budgetMaxKzt : current.budgetMaxKzt,
    trlCurrent: changes.trlCurrent !== undefined ? changes.trlCurrent : current.trlCurrent,
    trlTarget: changes.trlTarget !== undefined ? changes.trlTarget : current.trlTarget,
  };
}

/** The row as it would be after an edit (undefined leaves a field as it is, null clears it). */
export function mergeContent(current: TaskRow, changes: UpdateTaskBody): TaskRow {
  const merged: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(changes)) if (value !== undefined) merged[key] = value;
  return merged as TaskRow;
}
