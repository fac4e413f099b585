import Type, { type Static } from 'typebox';
import { IsoDateSchema, KztSchema } from './common.ts';
import { CofinancingLineSchema, MilestoneSchema, PROPOSAL_MILESTONES_MAX, COFINANCING_SOURCES } from './proposals.ts';

// The terms both sides of a negotiation agree on; frozen into a partnership when they do.

/**
 * Who owns the results and what the other side may do with them — five standard models like those of
 * the model research-agreement toolkits (the UK Lambert agreements, the German Mustervereinbarungen).
 */
export const IP_MODELS = [
  'institute_owns_nonexclusive_licence',
  'institute_owns_exclusive_licence_option',
  'enterprise_assignment_option',
  'enterprise_owns_academic_use',
  'enterprise_owns_no_publication',
] as const;
export type IpModel = (typeof IP_MODELS)[number];

export const PUBLICATION_DELAY_DAYS_MAX = 365;
export const CONFIDENTIALITY_YEARS_MAX = 10;

export const TermsSchema = Type.Object({
  totalBudgetKzt: KztSchema,
  cofinancing: Type.Array(CofinancingLineSchema, { minItems: 1, maxItems: COFINANCING_SOURCES.length }),
  /** Each milestone is a payment tranche. */
  milestones: Type.Array(MilestoneSchema, { minItems: 1, maxItems: PROPOSAL_MILESTONES_MAX }),
  ipModel: Type.Enum(IP_MODELS),
  publicationDelayDays: Type.Integer({ minimum: 0, maximum: PUBLICATION_DELAY_DAYS_MAX }),
  confidentialityYears: Type.Integer({ minimum: 0, maximum: CONFIDENTIALITY_YEARS_MAX }),
  startDate: IsoDateSchema,
  /**
   * Both parties allow the partnership on the public transparency page and in open data. Absent means
   * the default: public when state-program or subsoil-fund money is in the terms.
   */
  publicDisclosure: Type.Optional(Type.Boolean()),
});
export type Terms = Static<typeof TermsSchema>;

/** State and fund money is public by default: the public has a right to see where it goes. */
export const hasPublicMoney = (terms: Pick<Terms, 'cofinancing'>) =>
  terms.cofinancing.some((line) => (line.source === 'state_program' || line.source === 'subsoil_fund') && line.amountKzt > 0);

/** Whether terms make a partnership public: the parties' explicit choice, else the default. */
export const publicDisclosureOf = (terms: Terms) => terms.publicDisclosure ?? hasPublicMoney(terms);

/**
 * A new version that does not mention publication keeps the previous version's explicit choice, so
 * a client that leaves the field out never undoes what both sides had chosen.
 */
export function keepingDisclosure(terms: Terms, previous: Terms | null): Terms {
  if (terms.publicDisclosure !== undefined || previous?.publicDisclosure === undefined) return terms;
  return { ...terms, publicDisclosure: previous.publicDisclosure };
}

/** One thing wrong with a set of terms, pointing at the field (JSON pointer) like validation errors do. */
export interface TermsIssue {
  path: string;
  message: string;
}

const sum = (amounts: number[]) => amounts.reduce((total, amount) => total + amount, 0);

/**
 * The money and date rules of a term offer — the same as a proposal's: sums exact to the tenge,
 * one line per source, milestones in date order and not before the start. Pure, so the web's offer
 * editor shows the very messages the server answers with. Empty means the terms hold.
 */
export function termsIssues(terms: Terms): TermsIssue[] {
  const issues: TermsIssue[] = [];
  const milestoneSum = sum(terms.milestones.map((milestone) => milestone.amountKzt));
  if (milestoneSum !== terms.totalBudgetKzt) {
    issues.push({ path: '/totalBudgetKzt', message: `is ${terms.totalBudgetKzt} but the milestone amounts add up to ${milestoneSum}` });
  }
  const cofinancingSum = sum(terms.cofinancing.map((line) => line.amountKzt));
  if (cofinancingSum !== terms.totalBudgetKzt) {
    issues.push({ path: '/cofinancing', message: `the co-financing lines add up to ${cofinancingSum} but the total is ${terms.totalBudgetKzt}` });
  }
  const seen = new Set<string>();
  terms.cofinancing.forEach((line, index) => {
    if (seen.has(line.source)) issues.push({ path: `/cofinancing/${index}/source`, message: `${line.source} is listed twice` });
    seen.add(line.source);
  });
  terms.milestones.forEach((milestone, index) => {
    if (milestone.dueDate < terms.startDate) {
      issues.push({ path: `/milestones/${index}/dueDate`, message: `must not be before the start date (${terms.startDate})` });
    } else if (index > 0 && milestone.dueDate < terms.milestones[index - 1].dueDate) {
      issues.push({ path: `/milestones/${index}/dueDate`, message: `must not be before the previous milestone's (${terms.milestones[index - 1].dueDate})` });
    }
  });
  return issues;
}

/** One changed field between two versions, by JSON pointer; lists compare element by element. */
export const TermsChangeSchema = Type.Object({
  field: Type.String(),
  before: Type.Unknown(),
  after: Type.Unknown(),
});
export type TermsChange = Static<typeof TermsChangeSchema>;

function diffValues(path: string, before: unknown, after: unknown, changes: TermsChange[]) {
  if (JSON.stringify(before) === JSON.stringify(after)) return;
  if (Array.isArray(before) && Array.isArray(after)) {
    for (let index = 0; index < Math.max(before.length, after.length); index++) {
      diffValues(`${path}/${index}`, before[index] ?? null, after[index] ?? null, changes);
    }
    return;
  }
  const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
  if (isObject(before) && isObject(after)) {
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      diffValues(`${path}/${key}`, before[key] ?? null, after[key] ?? null, changes);
    }
    return;
  }
  changes.push({ field: path, before, after });
}

/**
 * What changed from one version of the terms to the next: leaf fields with before and after
 * (`/milestones/1/amountKzt`), an added or removed milestone as a whole object against null.
 * Co-financing is compared by source, not by position, so reordering lines is no change; publication
 * by its effect (`publicDisclosureOf`).
 */
export function diffTerms(before: Terms | null, after: Terms): TermsChange[] {
  const changes: TermsChange[] = [];
  if (!before) return changes;
  const bySource = (terms: Terms) => Object.fromEntries(terms.cofinancing.map((line) => [line.source, line.amountKzt]));
  const { cofinancing: _before, publicDisclosure: _publicBefore, ...restBefore } = before;
  const { cofinancing: _after, publicDisclosure: _publicAfter, ...restAfter } = after;
  diffValues('', restBefore, restAfter, changes);
  diffValues('/cofinancing', bySource(before), bySource(after), changes);
  // What publication means, not how it was said: a default and the same explicit choice are no change.
  diffValues('/publicDisclosure', publicDisclosureOf(before), publicDisclosureOf(after), changes);
  return changes;
}

/** The amount each source pays, zero for sources absent from the terms. */
export function amountsBySource(terms: Pick<Terms, 'cofinancing'>): Record<(typeof COFINANCING_SOURCES)[number], number> {
  const amounts = Object.fromEntries(COFINANCING_SOURCES.map((source) => [source, 0])) as Record<(typeof COFINANCING_SOURCES)[number], number>;
  for (const line of terms.cofinancing) amounts[line.source] += line.amountKzt;
  return amounts;
}

/** Sensible opening clauses for what a proposal does not say: a negotiation starts from them. */
export const DEFAULT_CLAUSES = { ipModel: 'institute_owns_nonexclusive_licence', publicationDelayDays: 90, confidentialityYears: 3 } as const;

/**
 * Version 1 of a negotiation: the proposal's own money and milestones, the default clauses, and a start
 * no later than the first milestone. The proposal must be complete (a submitted one always is).
 */
export function initialTermsOf(
  proposal: { totalBudgetKzt: number | null; cofinancing: Terms['cofinancing']; milestones: Terms['milestones'] },
  today: string,
): Terms {
  const firstDue = proposal.milestones[0]?.dueDate ?? today;
  return {
    totalBudgetKzt: proposal.totalBudgetKzt ?? 0,
    cofinancing: proposal.cofinancing.map((line) => ({ source: line.source, amountKzt: line.amountKzt })),
    milestones: proposal.milestones.map((milestone) => ({ title: milestone.title, deliverable: milestone.deliverable, dueDate: milestone.dueDate, amountKzt: milestone.amountKzt })),
    ...DEFAULT_CLAUSES,
    startDate: firstDue < today ? firstDue : today,
  };
}
