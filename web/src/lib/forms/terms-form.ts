// The offer editor's form: terms as inputs hold them (strings), the body a term offer sends, the live
// sums, and the server's rules — the TypeBox schema and `termsIssues` from shared/schemas/terms.ts —
// reported on the same JSON-pointer paths, so the editor shows every problem before anything is sent.
import { COFINANCING_SOURCES, type CofinancingSource } from '$shared/schemas/proposals.ts';
import { IP_MODELS, TermsSchema, hasPublicMoney, termsIssues, type IpModel, type Terms, type TermsIssue } from '$shared/schemas/terms.ts';
import type { ProposalSums } from './proposal-form.ts';
import { parseWhole } from './task-form.ts';
import { validateWith, type FieldErrors, type FieldMessage } from './validation.ts';

export { IP_MODELS };

export interface TermsMilestoneRow { key: number; title: string; deliverable: string; dueDate: string; amount: string }

export interface TermsFormModel {
  totalBudget: string;
  /** One input per source; an empty one is left out of the terms. */
  cofinancing: Record<CofinancingSource, string>;
  milestones: TermsMilestoneRow[];
  ipModel: IpModel;
  publicationDelayDays: string;
  confidentialityYears: string;
  startDate: string;
  /** The parties' explicit choice on publication; null leaves it to the default (`publicByDefault`). */
  publicDisclosure: boolean | null;
}

let rowKey = 0;
export const newTermsMilestoneRow = (values: Partial<Omit<TermsMilestoneRow, 'key'>> = {}): TermsMilestoneRow => ({
  key: ++rowKey, title: values.title ?? '', deliverable: values.deliverable ?? '', dueDate: values.dueDate ?? '', amount: values.amount ?? '',
});

/** The editor starts from the latest version: a counter-offer changes what it must and keeps the rest. */
export function termsToForm(terms: Terms): TermsFormModel {
  const cofinancing = Object.fromEntries(COFINANCING_SOURCES.map((source) => [source, ''])) as Record<CofinancingSource, string>;
  for (const line of terms.cofinancing) cofinancing[line.source] = String(line.amountKzt);
  return {
    totalBudget: String(terms.totalBudgetKzt),
    cofinancing,
    milestones: terms.milestones.map((milestone) => newTermsMilestoneRow({ ...milestone, amount: String(milestone.amountKzt) })),
    ipModel: terms.ipModel,
    publicationDelayDays: String(terms.publicationDelayDays),
    confidentialityYears: String(terms.confidentialityYears),
    startDate: terms.startDate,
    publicDisclosure: terms.publicDisclosure ?? null,
  };
}

const keptSources = (form: TermsFormModel) => COFINANCING_SOURCES.filter((source) => form.cofinancing[source].trim() !== '');
const keptMilestones = (form: TermsFormModel) =>
  form.milestones.map((row, index) => ({ row, index })).filter(({ row }) => [row.title, row.deliverable, row.dueDate, row.amount].some((value) => value.trim() !== ''));

const whole = (value: string) => {
  const amount = parseWhole(value);
  return amount === null || Number.isNaN(amount) ? null : amount;
};

/** The terms as the offer frame carries them; unparseable numbers stay NaN/null so the schema names the field. */
export function formToTerms(form: TermsFormModel): Terms {
  return {
    totalBudgetKzt: parseWhole(form.totalBudget),
    cofinancing: keptSources(form).map((source) => ({ source, amountKzt: parseWhole(form.cofinancing[source]) })),
    milestones: keptMilestones(form).map(({ row }) => ({ title: row.title.trim(), deliverable: row.deliverable.trim(), dueDate: row.dueDate, amountKzt: parseWhole(row.amount) })),
    ipModel: form.ipModel,
    publicationDelayDays: parseWhole(form.publicationDelayDays),
    confidentialityYears: parseWhole(form.confidentialityYears),
    startDate: form.startDate,
    ...(form.publicDisclosure === null ? {} : { publicDisclosure: form.publicDisclosure }),
  } as unknown as Terms;
}

/** What publication would be without an explicit choice: follows the money as it is typed. */
export const publicByDefault = (form: TermsFormModel) =>
  hasPublicMoney({ cofinancing: keptSources(form).map((source) => ({ source, amountKzt: whole(form.cofinancing[source]) ?? 0 })) });

/** Whether the offer as typed would make the partnership public. */
export const publicDisclosureOfForm = (form: TermsFormModel) => form.publicDisclosure ?? publicByDefault(form);

/**
 * The publication box of a partnership change request. The partnership only tells whether it is public, not
 * whether that was an explicit choice; one that differs from the default of its money must have been.
 * `choice` stays null until the user touches the box, and the box shows the default of the money being typed,
 * as the offer editor does. A new version that leaves the field out keeps an earlier explicit choice on the
 * server (`keepingDisclosure`), else follows the new money — so the shown value is sent whenever it was chosen
 * or differs from today's, and the server never ends up with anything but what the box showed.
 */
export const changeDisclosureStart = (partnership: { isPublic: boolean; cofinancing: { source: CofinancingSource; amountKzt: number }[] }): boolean | null =>
  partnership.isPublic === hasPublicMoney(partnership) ? null : partnership.isPublic;

export function changeDisclosure(isPublic: boolean, choice: boolean | null, cofinancing: { source: CofinancingSource; amountKzt: number | string | null }[]) {
  const byDefault = hasPublicMoney({ cofinancing: cofinancing.map((line) => ({ source: line.source, amountKzt: Number(line.amountKzt) || 0 })) });
  const shown = choice ?? byDefault;
  const body: { publicDisclosure?: boolean } = choice !== null || shown !== isPublic ? { publicDisclosure: shown } : {};
  return { shown, byDefault, body };
}

/** The same shape as a proposal's sums, so the editor reuses the proposal form's live sums panel. */
export function termsSums(form: TermsFormModel): ProposalSums {
  const total = whole(form.totalBudget);
  const milestones = keptMilestones(form);
  const milestoneSum = milestones.reduce((sum, { row }) => sum + (whole(row.amount) ?? 0), 0);
  const sources = keptSources(form);
  const cofinancingSum = sources.reduce((sum, source) => sum + (whole(form.cofinancing[source]) ?? 0), 0);
  const enterprise = whole(form.cofinancing.enterprise) ?? 0;
  return {
    total,
    milestoneSum,
    milestoneDifference: total === null || milestones.length === 0 ? null : milestoneSum - total,
    cofinancingSum,
    cofinancingDifference: total === null || sources.length === 0 ? null : cofinancingSum - total,
    enterpriseSharePercent: total ? Math.round((enterprise / total) * 1000) / 10 : null,
  };
}

/** A translatable message for one of `termsIssues`' findings (its own text is English, for the API). */
export function termsIssueMessage(issue: TermsIssue, terms: Terms): FieldMessage {
  if (issue.path === '/totalBudgetKzt') return { key: 'negotiations.validation.milestoneSum' };
  if (issue.path === '/cofinancing') return { key: 'negotiations.validation.cofinancingSum' };
  if (/^\/cofinancing\/\d+\/source$/.test(issue.path)) return { key: 'negotiations.validation.sourceTwice' };
  const due = /^\/milestones\/(\d+)\/dueDate$/.exec(issue.path);
  if (due && terms.milestones[Number(due[1])]?.dueDate < terms.startDate) return { key: 'negotiations.validation.beforeStart' };
  if (due) return { key: 'negotiations.validation.beforePrevious' };
  return { key: 'validation.invalid' };
}

/** A ceiling on the total: what a call's council funded (`label` is the amount as the reader reads money). */
export interface TotalCeiling {
  amountKzt: number;
  label: string;
}

/** Every problem with the form, on the paths of its inputs; empty when the offer may be sent. */
export function validateTermsForm(form: TermsFormModel, ceiling: TotalCeiling | null = null): { terms: Terms; errors: FieldErrors } {
  const terms = formToTerms(form);
  const errors = validateWith(TermsSchema, terms);
  // The money and date rules need numbers; with a field unreadable the schema already says which.
  const readable = terms.milestones.every((milestone) => Number.isInteger(milestone.amountKzt) && milestone.dueDate)
    && terms.cofinancing.every((line) => Number.isInteger(line.amountKzt)) && Number.isInteger(terms.totalBudgetKzt) && !!terms.startDate;
  if (readable) for (const issue of termsIssues(terms)) errors[issue.path] ??= termsIssueMessage(issue, terms);
  // The server refuses it too (calls.above_funded_amount); said here before the offer is sent.
  if (ceiling && Number.isInteger(terms.totalBudgetKzt) && terms.totalBudgetKzt > ceiling.amountKzt) {
    errors['/totalBudgetKzt'] ??= { key: 'negotiations.validation.aboveFunded', params: { amount: ceiling.label } };
  }
  return { terms, errors: remapTermsErrors(errors, form) };
}

/** Empty rows stay out of the terms: move `/milestones/1/title` back to the row the user sees, lines to their source's input. */
export function remapTermsErrors(errors: FieldErrors, form: TermsFormModel): FieldErrors {
  const rows = keptMilestones(form).map(({ index }) => index);
  const sources = keptSources(form);
  return Object.fromEntries(
    Object.entries(errors).map(([path, message]) => {
      const line = /^\/cofinancing\/(\d+)(\/.*)?$/.exec(path);
      if (line) return [sources[Number(line[1])] ? `/cofinancing/${sources[Number(line[1])]}` : '/cofinancing', message];
      const milestone = /^\/milestones\/(\d+)(\/.*)?$/.exec(path);
      if (!milestone) return [path, message];
      const index = rows[Number(milestone[1])];
      return [index === undefined ? path : `/milestones/${index}${milestone[2] ?? ''}`, message];
    }),
  );
}
