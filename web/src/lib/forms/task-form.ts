// The task template as form state (strings, as inputs hold them) and its conversion to the API body.
import { MIN_PROBLEM_LENGTH_TO_PUBLISH, MIN_TITLE_LENGTH_TO_PUBLISH, type Locale, type PriorityArea, type Region, type TaskVisibility } from '$shared/constants.ts';
import { CreateTaskBodySchema, type CreateTaskBody, type Task } from '$shared/schemas/tasks.ts';
import { validateWith, type FieldErrors, type FieldMessage } from './validation.ts';

/** The server stays the judge of readiness; its 422 details are shown either way. */
export const PUBLISH_MIN_PROBLEM_LENGTH = MIN_PROBLEM_LENGTH_TO_PUBLISH;
export const PUBLISH_MIN_TITLE_LENGTH = MIN_TITLE_LENGTH_TO_PUBLISH;

export interface KpiRow {
  key: number;
  metric: string;
  baseline: string;
  target: string;
  unit: string;
}

export interface TaskFormModel {
  title: string;
  lang: Locale;
  problem: string;
  currentProcess: string;
  processParameters: string;
  kpis: KpiRow[];
  constraints: string;
  triedBefore: string;
  samplesOffered: string;
  desiredOutcome: string;
  priorityArea: PriorityArea | '';
  region: Region | '';
  budgetMin: string;
  budgetMax: string;
  cofinancing: string;
  trlCurrent: string;
  trlTarget: string;
  deadline: string;
  visibility: TaskVisibility;
  confidentialDetails: string;
}

export type SubmitIntent = 'save' | 'publish';

/** What a failed submit hands back to the form: field errors and the error to explain above it. */
export interface TaskFormFailure {
  errors: FieldErrors;
  failure: unknown;
}

let kpiKey = 0;
export const newKpiRow = (values: Partial<Omit<KpiRow, 'key'>> = {}): KpiRow => ({
  key: ++kpiKey,
  metric: values.metric ?? '',
  baseline: values.baseline ?? '',
  target: values.target ?? '',
  unit: values.unit ?? '',
});

export function emptyTaskForm(lang: Locale, region: Region | null): TaskFormModel {
  return {
    title: '', lang, problem: '', currentProcess: '', processParameters: '', kpis: [newKpiRow()], constraints: '',
    triedBefore: '', samplesOffered: '', desiredOutcome: '', priorityArea: '', region: region ?? '', budgetMin: '',
    budgetMax: '', cofinancing: '', trlCurrent: '', trlTarget: '', deadline: '', visibility: 'public', confidentialDetails: '',
  };
}

const str = (value: string | null | undefined) => value ?? '';
const num = (value: number | null | undefined) => (value === null || value === undefined ? '' : String(value));

export function taskToForm(task: Task): TaskFormModel {
  return {
    title: str(task.title),
    lang: task.lang,
    problem: str(task.problem),
    currentProcess: str(task.currentProcess),
    processParameters: str(task.processParameters),
    kpis: task.kpis.length ? task.kpis.map((kpi) => newKpiRow(kpi)) : [newKpiRow()],
    constraints: str(task.constraints),
    triedBefore: str(task.triedBefore),
    samplesOffered: str(task.samplesOffered),
    desiredOutcome: str(task.desiredOutcome),
    priorityArea: task.priorityArea ?? '',
    region: task.region ?? '',
    budgetMin: num(task.budgetMinKzt),
    budgetMax: num(task.budgetMaxKzt),
    cofinancing: num(task.cofinancingPercent),
    trlCurrent: num(task.trlCurrent),
    trlTarget: num(task.trlTarget),
    deadline: str(task.deadline),
    visibility: task.visibility,
    confidentialDetails: str(task.confidentialDetails),
  };
}

/** '' → null; digits (spaces allowed, "150 000 000") → number; anything else → NaN (an "integer" error). */
export function parseWhole(value: string): number | null {
  const clean = value.replace(/[\s\u00a0\u202f]/g, '');
  if (clean === '') return null;
  // A minus is read, so the schema's minimum can say "cannot be negative" instead of "not a number".
  return /^-?\d+$/.test(clean) ? Number(clean) : Number.NaN;
}

const nullable = (value: string) => (value.trim() === '' ? null : value.trim());

/** Builds the body the API expects; a draft saves with any field empty (null clears it on an edit). */
export function formToBody(form: TaskFormModel): CreateTaskBody {
  const trlTarget = parseWhole(form.trlTarget);
  const body: Record<string, unknown> = {
    title: form.title.trim(),
    lang: form.lang,
    problem: form.problem.trim(),
    currentProcess: nullable(form.currentProcess),
    processParameters: nullable(form.processParameters),
    kpis: form.kpis
      .filter((row) => [row.metric, row.baseline, row.target, row.unit].some((value) => value.trim() !== ''))
      .map((row) => ({
        metric: row.metric.trim(),
        target: row.target.trim(),
        ...(row.baseline.trim() ? { baseline: row.baseline.trim() } : {}),
        ...(row.unit.trim() ? { unit: row.unit.trim() } : {}),
      })),
    constraints: nullable(form.constraints),
    triedBefore: nullable(form.triedBefore),
    samplesOffered: nullable(form.samplesOffered),
    desiredOutcome: nullable(form.desiredOutcome),
    budgetMinKzt: parseWhole(form.budgetMin),
    budgetMaxKzt: parseWhole(form.budgetMax),
    cofinancingPercent: parseWhole(form.cofinancing),
    trlCurrent: parseWhole(form.trlCurrent),
    deadline: form.deadline || null,
    visibility: form.visibility,
    confidentialDetails: nullable(form.confidentialDetails),
  };
  body.priorityArea = form.priorityArea || null;
  body.region = form.region || null;
  body.trlTarget = trlTarget;
  return body as CreateTaskBody;
}

const today = () => new Date().toISOString().slice(0, 10);

/** What publishing needs (the server checks the same, see checkReadyToPublish in tasks.rules.ts). */
export function readinessChecks(form: TaskFormModel) {
  return {
    title: form.title.trim().length >= PUBLISH_MIN_TITLE_LENGTH,
    problem: form.problem.trim().length >= PUBLISH_MIN_PROBLEM_LENGTH,
    desiredOutcome: form.desiredOutcome.trim() !== '',
    priorityArea: form.priorityArea !== '',
    region: form.region !== '',
    trlTarget: form.trlTarget !== '',
    deadline: form.deadline !== '' && form.deadline > today(),
    kpis: form.kpis.some((row) => row.metric.trim() && row.target.trim()),
    budget: form.budgetMin.trim() !== '' || form.budgetMax.trim() !== '',
  };
}

/** The readiness items publishing requires, in the order of the form (the rest are recommended). */
export const REQUIRED_TO_PUBLISH = ['title', 'problem', 'desiredOutcome', 'priorityArea', 'region', 'trlTarget', 'deadline'] as const;

export function publishIssue(path: string): FieldMessage | undefined {
  if (path === '/title') return { key: 'tasks.publishIssues.title', params: { min: PUBLISH_MIN_TITLE_LENGTH } };
  if (path === '/problem') return { key: 'tasks.publishIssues.problem', params: { min: PUBLISH_MIN_PROBLEM_LENGTH } };
  if (path === '/desiredOutcome') return { key: 'tasks.publishIssues.desiredOutcome' };
  if (path === '/priorityArea') return { key: 'tasks.publishIssues.priorityArea' };
  if (path === '/region') return { key: 'tasks.publishIssues.region' };
  if (path === '/trlTarget') return { key: 'tasks.publishIssues.trlTarget' };
  if (path === '/deadline') return { key: 'tasks.publishIssues.deadline' };
  return undefined;
}

/** Rules across fields, reported on the same paths the server uses. */
export function consistencyIssue(path: string): FieldMessage | undefined {
  if (path === '/budgetMinKzt') return { key: 'validation.budgetRange' };
  if (path === '/trlCurrent') return { key: 'validation.trlRange' };
  return undefined;
}

export function validateTaskForm(form: TaskFormModel, intent: SubmitIntent): { body: CreateTaskBody; errors: FieldErrors } {
  const body = formToBody(form);
  const errors = validateWith(CreateTaskBodySchema, body);
  const { budgetMinKzt: min, budgetMaxKzt: max, trlCurrent, trlTarget } = body;
  if (!errors['/budgetMinKzt'] && typeof min === 'number' && typeof max === 'number' && min > max) errors['/budgetMinKzt'] = { key: 'validation.budgetRange' };
  if (!errors['/trlCurrent'] && typeof trlCurrent === 'number' && typeof trlTarget === 'number' && trlCurrent > trlTarget) errors['/trlCurrent'] = { key: 'validation.trlRange' };
  if (intent === 'publish') {
    // Say everything that blocks publishing at once, not one round trip at a time.
    const ready = readinessChecks(form);
    for (const item of REQUIRED_TO_PUBLISH) if (!ready[item]) errors[`/${item}`] ??= publishIssue(`/${item}`)!;
  }
  return { body, errors };
}

/**
 * Empty KPI rows are dropped from the body, so `/kpis/1/target` in the body may be the third row
 * on screen: move such paths back to the row the user sees.
 */
export function remapKpiErrors(errors: FieldErrors, form: TaskFormModel): FieldErrors {
  const kept = form.kpis
    .map((row, index) => ({ row, index }))
    .filter(({ row }) => [row.metric, row.baseline, row.target, row.unit].some((value) => value.trim() !== ''))
    .map(({ index }) => index);
  return Object.fromEntries(
    Object.entries(errors).map(([path, message]) => {
      const match = /^\/kpis\/(\d+)(\/.*)?$/.exec(path);
      if (!match || kept[Number(match[1])] === undefined) return [path, message];
      return [`/kpis/${kept[Number(match[1])]}${match[2] ?? ''}`, message];
    }),
  );
}
