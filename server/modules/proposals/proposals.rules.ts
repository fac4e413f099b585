import type { ProposalContent, ProposalStatus } from '../../../shared/schemas/proposals.ts';
import { inconsistentProposal, incompleteProposal, sumMismatch, type FieldIssue } from './proposals.errors.ts';

/** Every allowed status change; anything else is a 409. Negotiation and agreement come with the negotiation module. */
export const PROPOSAL_TRANSITIONS: Record<ProposalStatus, readonly ProposalStatus[]> = {
  draft: ['submitted', 'withdrawn'],
  submitted: ['shortlisted', 'in_negotiation', 'declined', 'withdrawn'],
  shortlisted: ['in_negotiation', 'declined', 'withdrawn'],
  in_negotiation: ['agreed', 'declined', 'withdrawn'],
  agreed: [],
  declined: [],
  withdrawn: [],
};

export const canTransition = (from: ProposalStatus, to: ProposalStatus) => PROPOSAL_TRANSITIONS[from].includes(to);

/** Statuses the enterprise sees: a draft is the institute's alone. */
export const VISIBLE_TO_ENTERPRISE: readonly ProposalStatus[] = ['submitted', 'shortlisted', 'in_negotiation', 'agreed', 'declined', 'withdrawn'];

export type ProposalFields = Required<Omit<ProposalContent, 'title'>> & { title: string };

const sum = (amounts: number[]) => amounts.reduce((total, amount) => total + amount, 0);

/**
 * What must hold whenever a proposal is saved, draft or not: sums exact (whole tenge, no
 * tolerance), TRL not going backwards, milestone dates in order, one line per co-financing source.
 * The first sum that does not add up is a 400 naming the field and both numbers.
 */
export function checkProposalConsistency(fields: ProposalFields): void {
  const { milestones, cofinancing, totalBudgetKzt } = fields;
  if (totalBudgetKzt !== null && milestones.length > 0) {
    const milestoneSum = sum(milestones.map((milestone) => milestone.amountKzt));
    if (milestoneSum !== totalBudgetKzt) throw sumMismatch('totalBudgetKzt', totalBudgetKzt, milestoneSum, 'the milestone amounts');
  }
  if (totalBudgetKzt !== null && cofinancing.length > 0) {
    const cofinancingSum = sum(cofinancing.map((line) => line.amountKzt));
    if (cofinancingSum !== totalBudgetKzt) throw sumMismatch('cofinancing', totalBudgetKzt, cofinancingSum, 'the co-financing lines');
  }
  const issues: FieldIssue[] = [];
  if (fields.trlStart !== null && fields.trlEnd !== null && fields.trlEnd < fields.trlStart) {
    issues.push({ path: '/trlEnd', message: `must be at least the starting TRL (${fields.trlStart})` });
  }
  milestones.forEach((milestone, index) => {
    if (index > 0 && milestone.dueDate < milestones[index - 1].dueDate) {
      issues.push({ path: `/milestones/${index}/dueDate`, message: `must not be before the previous milestone's (${milestones[index - 1].dueDate})` });
    }
  });
  const seen = new Set<string>();
  cofinancing.forEach((line, index) => {
    if (seen.has(line.source)) issues.push({ path: `/cofinancing/${index}/source`, message: `${line.source} is listed twice` });
    seen.add(line.source);
  });
  if (issues.length) throw inconsistentProposal(issues);
}

/** What submission needs beyond consistency: every part filled in. */
export function checkReadyToSubmit(fields: ProposalFields): void {
  const issues: FieldIssue[] = [];
  if (!fields.summary.trim()) issues.push({ path: '/summary', message: 'is required' });
  if (!fields.approach.trim()) issues.push({ path: '/approach', message: 'is required' });
  if (fields.team.length === 0) issues.push({ path: '/team', message: 'needs at least one person' });
  if (fields.milestones.length === 0) issues.push({ path: '/milestones', message: 'needs at least one milestone' });
  if (fields.totalBudgetKzt === null) issues.push({ path: '/totalBudgetKzt', message: 'is required' });
  if (fields.cofinancing.length === 0) issues.push({ path: '/cofinancing', message: 'needs at least one source' });
  if (fields.trlStart === null) issues.push({ path: '/trlStart', message: 'is required' });
  if (fields.trlEnd === null) issues.push({ path: '/trlEnd', message: 'is required' });
  if (issues.length) throw incompleteProposal(issues);
  checkProposalConsistency(fields);
}

const DAY_MS = 24 * 60 * 60 * 1000;

export const wholeDaysBetween = (from: Date, to: Date) => Math.max(0, Math.floor((to.getTime() - from.getTime()) / DAY_MS));

/** Waiting for the enterprise's first decision longer than the response time. */
export function isOverdue(proposal: { status: ProposalStatus; submittedAt: Date | null }, now: Date, responseDays: number): boolean {
  return proposal.status === 'submitted' && proposal.submittedAt !== null && now.getTime() - proposal.submittedAt.getTime() > responseDays * DAY_MS;
}

export const overdueCutoff = (now: Date, responseDays: number) => new Date(now.getTime() - responseDays * DAY_MS);

/** The enterprise's part of the total, in per cent with one decimal. */
export function enterpriseSharePercent(fields: Pick<ProposalFields, 'totalBudgetKzt' | 'cofinancing'>): number | null {
  if (!fields.totalBudgetKzt) return null;
  const enterprise = sum(fields.cofinancing.filter((line) => line.source === 'enterprise').map((line) => line.amountKzt));
  return Math.round((enterprise / fields.totalBudgetKzt) * 1000) / 10;
}
