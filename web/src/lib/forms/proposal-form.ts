// The proposal as form state (strings, as inputs hold them), its API body, the live sums and the
// same rules the server checks (proposals.rules.ts), reported on the same JSON-pointer paths.
import {
  COFINANCING_SOURCES, CreateProposalBodySchema, PROPOSAL_MILESTONES_MAX, PROPOSAL_TEAM_MAX,
  type CofinancingSource, type CreateProposalBody, type Proposal,
} from '$shared/schemas/proposals.ts';
import { parseWhole } from './task-form.ts';
import { validateWith, type FieldErrors, type FieldMessage } from './validation.ts';

export { PROPOSAL_MILESTONES_MAX, PROPOSAL_TEAM_MAX };

export interface TeamRow { key: number; name: string; role: string; qualification: string }
export interface MilestoneRow { key: number; title: string; deliverable: string; dueDate: string; amount: string }

export interface ProposalFormModel {
  title: string;
  summary: string;
  approach: string;
  team: TeamRow[];
  milestones: MilestoneRow[];
  totalBudget: string;
  /** One input per source; an empty one is left out of the body. */
  cofinancing: Record<CofinancingSource, string>;
  trlStart: string;
  trlEnd: string;
}

export type ProposalIntent = 'save' | 'submit';

/** What a failed save hands back to the form. */
export interface ProposalFormFailure {
  errors: FieldErrors;
  failure: unknown;
}

let rowKey = 0;
export const newTeamRow = (values: Partial<Omit<TeamRow, 'key'>> = {}): TeamRow => ({
  key: ++rowKey, name: values.name ?? '', role: values.role ?? '', qualification: values.qualification ?? '',
});
export const newMilestoneRow = (values: Partial<Omit<MilestoneRow, 'key'>> = {}): MilestoneRow => ({
  key: ++rowKey, title: values.title ?? '', deliverable: values.deliverable ?? '', dueDate: values.dueDate ?? '', amount: values.amount ?? '',
});

const emptyCofinancing = () => Object.fromEntries(COFINANCING_SOURCES.map((source) => [source, ''])) as Record<CofinancingSource, string>;

export function emptyProposalForm(title = ''): ProposalFormModel {
  return { title, summary: '', approach: '', team: [newTeamRow()], milestones: [newMilestoneRow()], totalBudget: '', cofinancing: emptyCofinancing(), trlStart: '', trlEnd: '' };
}

const num = (value: number | null) => (value === null ? '' : String(value));

export function proposalToForm(proposal: Proposal): ProposalFormModel {
  const cofinancing = emptyCofinancing();
  for (const line of proposal.cofinancing) cofinancing[line.source] = String(line.amountKzt);
  return {
    title: proposal.title,
    summary: proposal.summary,
    approach: proposal.approach,
    team: proposal.team.length ? proposal.team.map((member) => newTeamRow(member)) : [newTeamRow()],
    milestones: proposal.milestones.length
      ? proposal.milestones.map((milestone) => newMilestoneRow({ ...milestone, amount: String(milestone.amountKzt) }))
      : [newMilestoneRow()],
    totalBudget: num(proposal.totalBudgetKzt),
    cofinancing,
    trlStart: num(proposal.trlStart),
    trlEnd: num(proposal.trlEnd),
  };
}

const filled = (...values: string[]) => values.some((value) => value.trim() !== '');
const keptTeam = (form: ProposalFormModel) => form.team.map((row, index) => ({ row, index })).filter(({ row }) => filled(row.name, row.role, row.qualification));
const keptMilestones = (form: ProposalFormModel) =>
  form.milestones.map((row, index) => ({ row, index })).filter(({ row }) => filled(row.title, row.deliverable, row.dueDate, row.amount));
const keptCofinancing = (form: ProposalFormModel) => COFINANCING_SOURCES.filter((source) => form.cofinancing[source].trim() !== '');

/** The body the API expects; empty rows stay out, required fields left empty stay in so the schema names them. */
export function proposalFormToBody(form: ProposalFormModel): Omit<CreateProposalBody, 'submit'> {
  const body: Record<string, unknown> = {
    title: form.title.trim(),
    summary: form.summary.trim(),
    approach: form.approach.trim(),
    team: keptTeam(form).map(({ row }) => ({ name: row.name.trim(), role: row.role.trim(), qualification: row.qualification.trim() })),
    milestones: keptMilestones(form).map(({ row }) => {
      const milestone: Record<string, unknown> = { title: row.title.trim(), deliverable: row.deliverable.trim(), amountKzt: parseWhole(row.amount) };
      if (row.dueDate) milestone.dueDate = row.dueDate;
      if (milestone.amountKzt === null) delete milestone.amountKzt;
      return milestone;
    }),
    totalBudgetKzt: parseWhole(form.totalBudget),
    cofinancing: keptCofinancing(form).map((source) => ({ source, amountKzt: parseWhole(form.cofinancing[source]) })),
    trlStart: parseWhole(form.trlStart),
    trlEnd: parseWhole(form.trlEnd),
  };
  return body as Omit<CreateProposalBody, 'submit'>;
}

const whole = (value: string) => {
  const amount = parseWhole(value);
  return amount === null || Number.isNaN(amount) ? null : amount;
};

export interface ProposalSums {
  total: number | null;
  milestoneSum: number;
  /** milestones − total; null while either is missing. */
  milestoneDifference: number | null;
  cofinancingSum: number;
  cofinancingDifference: number | null;
  /** The enterprise's line as a share of the total (one decimal), as the server computes it. */
  enterpriseSharePercent: number | null;
}

export function proposalSums(form: ProposalFormModel): ProposalSums {
  const total = whole(form.totalBudget);
  const milestoneAmounts = keptMilestones(form).map(({ row }) => whole(row.amount) ?? 0);
  const milestoneSum = milestoneAmounts.reduce((sum, amount) => sum + amount, 0);
  const cofinancingSum = keptCofinancing(form).reduce((sum, source) => sum + (whole(form.cofinancing[source]) ?? 0), 0);
  const enterprise = whole(form.cofinancing.enterprise) ?? 0;
  return {
    total,
    milestoneSum,
    milestoneDifference: total === null || milestoneAmounts.length === 0 ? null : milestoneSum - total,
    cofinancingSum,
    cofinancingDifference: total === null || keptCofinancing(form).length === 0 ? null : cofinancingSum - total,
    enterpriseSharePercent: total ? Math.round((enterprise / total) * 1000) / 10 : null,
  };
}

/** Messages for the server's domain rules, by path (see proposals.errors.ts). */
export function proposalIssue(code: string, path: string): FieldMessage | undefined {
  if (code === 'proposals.sum_mismatch' && path === '/totalBudgetKzt') return { key: 'proposals.validation.milestoneSum' };
  if (code === 'proposals.sum_mismatch' && path === '/cofinancing') return { key: 'proposals.validation.cofinancingSum' };
  if (path === '/trlEnd' && code === 'proposals.inconsistent') return { key: 'proposals.validation.trlOrder' };
  if (/^\/milestones\/\d+\/dueDate$/.test(path)) return { key: 'proposals.validation.dateOrder' };
  if (code === 'proposals.incomplete') {
    if (path === '/team') return { key: 'proposals.validation.teamRequired' };
    if (path === '/milestones') return { key: 'proposals.validation.milestonesRequired' };
    if (path === '/cofinancing') return { key: 'proposals.validation.cofinancingRequired' };
    return { key: 'validation.required' };
  }
  return undefined;
}

/** The server's rules, checked before sending so the user sees every problem at once. */
export function validateProposalForm(form: ProposalFormModel, intent: ProposalIntent): { body: Omit<CreateProposalBody, 'submit'>; errors: FieldErrors } {
  const body = proposalFormToBody(form);
  const errors = validateWith(CreateProposalBodySchema, body);
  const sums = proposalSums(form);
  if (sums.milestoneDifference) errors['/totalBudgetKzt'] ??= proposalIssue('proposals.sum_mismatch', '/totalBudgetKzt')!;
  if (sums.cofinancingDifference) errors['/cofinancing'] ??= proposalIssue('proposals.sum_mismatch', '/cofinancing')!;
  const { trlStart, trlEnd } = body;
  if (typeof trlStart === 'number' && typeof trlEnd === 'number' && trlEnd < trlStart) errors['/trlEnd'] ??= proposalIssue('proposals.inconsistent', '/trlEnd')!;
  const milestones = body.milestones ?? [];
  milestones.forEach((milestone, index) => {
    const previous = milestones[index - 1];
    if (previous?.dueDate && milestone.dueDate && milestone.dueDate < previous.dueDate) errors[`/milestones/${index}/dueDate`] ??= { key: 'proposals.validation.dateOrder' };
  });
  if (intent === 'submit') {
    const incomplete = (path: string) => (errors[path] ??= proposalIssue('proposals.incomplete', path)!);
    if (!body.summary) incomplete('/summary');
    if (!body.approach) incomplete('/approach');
    if (!body.team?.length) incomplete('/team');
    if (!body.milestones?.length) incomplete('/milestones');
    if (body.totalBudgetKzt === null) incomplete('/totalBudgetKzt');
    if (!body.cofinancing?.length) incomplete('/cofinancing');
    if (body.trlStart === null) incomplete('/trlStart');
    if (body.trlEnd === null) incomplete('/trlEnd');
  }
  return { body, errors: remapRowErrors(errors, form) };
}

/** Empty rows are dropped from the body: move `/team/1/name` back to the row the user sees. */
export function remapRowErrors(errors: FieldErrors, form: ProposalFormModel): FieldErrors {
  const kept = { team: keptTeam(form).map(({ index }) => index), milestones: keptMilestones(form).map(({ index }) => index) };
  const sources = keptCofinancing(form);
  return Object.fromEntries(
    Object.entries(errors).map(([path, message]) => {
      // Co-financing lines are one input per source: `/cofinancing/1/amountKzt` → `/cofinancing/state_program`.
      const line = /^\/cofinancing\/(\d+)(\/.*)?$/.exec(path);
      if (line) return [sources[Number(line[1])] ? `/cofinancing/${sources[Number(line[1])]}` : '/cofinancing', message];
      const match = /^\/(team|milestones)\/(\d+)(\/.*)?$/.exec(path);
      if (!match) return [path, message];
      const index = kept[match[1] as 'team' | 'milestones'][Number(match[2])];
      return [index === undefined ? path : `/${match[1]}/${index}${match[3] ?? ''}`, message];
    }),
  );
}
