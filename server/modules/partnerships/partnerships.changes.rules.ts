import type { CofinancingSource } from '../../../shared/schemas/proposals.ts';
import type { Terms, TermsIssue } from '../../../shared/schemas/terms.ts';
import { planTranches } from './partnerships.tranches.ts';

export interface MilestoneState {
  position: number;
  status: 'planned' | 'reported' | 'accepted' | 'returned';
  amountKzt: number;
  dueDate: string;
}

export interface TrancheBalance {
  position: number;
  source: CofinancingSource;
  disbursedKzt: number;
  /** Ledger entries against the tranche (a reversed pair nets to zero but still exists). */
  entries: number;
}

/**
 * What new terms may not undo (the terms' own sums are termsIssues' job): an accepted milestone keeps
 * its amount and due date (its report was accepted against them); a milestone with a report under
 * review or with money cannot be removed; and no tranche may be planned below what was already paid.
 * Milestones are matched by position.
 */
export function ledgerIssues(milestones: MilestoneState[], balances: TrancheBalance[], terms: Pick<Terms, 'milestones' | 'cofinancing'>): TermsIssue[] {
  const issues: TermsIssue[] = [];
  for (const milestone of milestones) {
    const next = terms.milestones[milestone.position];
    const path = `/milestones/${milestone.position}`;
    if (!next) {
      if (milestone.status === 'accepted' || milestone.status === 'reported') issues.push({ path, message: `is ${milestone.status} and cannot be removed` });
      else if (balances.some((balance) => balance.position === milestone.position && balance.entries > 0)) issues.push({ path, message: 'has money recorded and cannot be removed' });
      continue;
    }
    if (milestone.status === 'accepted' && (next.amountKzt !== milestone.amountKzt || next.dueDate !== milestone.dueDate)) {
      issues.push({ path, message: 'is accepted: its amount and due date stay as they were' });
    }
  }
  const planned = new Map(planTranches(terms).map((tranche) => [`${tranche.milestoneIndex}:${tranche.source}`, tranche.amountKzt]));
  for (const balance of balances) {
    if (balance.disbursedKzt <= 0 || !terms.milestones[balance.position]) continue;
    const next = planned.get(`${balance.position}:${balance.source}`) ?? 0;
    if (next < balance.disbursedKzt) {
      issues.push({ path: `/milestones/${balance.position}`, message: `would plan ${next} ₸ from ${balance.source}, but ${balance.disbursedKzt} ₸ are already disbursed` });
    }
  }
  return issues;
}
