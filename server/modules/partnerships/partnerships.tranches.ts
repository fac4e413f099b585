import type { CofinancingSource } from '../../../shared/schemas/proposals.ts';
import type { Terms } from '../../../shared/schemas/terms.ts';

export interface PlannedTranche {
  milestoneIndex: number;
  source: CofinancingSource;
  amountKzt: number;
}

/**
 * Splits each milestone's amount among the sources so that every milestone and every source adds up
 * to the tenge and no tranche is negative. Each milestone takes from what every source has left, in
 * proportion to it (largest remainder); a share never exceeds what is left because the ceiling of a
 * number at most an integer is at most that integer, and the last milestone takes exactly the rest.
 * Terms must already hold (termsIssues empty).
 */
export function planTranches(terms: Pick<Terms, 'milestones' | 'cofinancing'>): PlannedTranche[] {
  const remaining = new Map<CofinancingSource, number>(terms.cofinancing.map((line) => [line.source, line.amountKzt]));
  const tranches: PlannedTranche[] = [];
  terms.milestones.forEach((milestone, milestoneIndex) => {
    const left = [...remaining.values()].reduce((total, amount) => total + amount, 0);
    // BigInt: amount × amount passes 2^53 for programme-sized budgets, and the remainders must compare exactly.
    const shares = [...remaining.entries()].map(([source, amount]) => {
      if (left === 0) return { source, amount: 0, remainder: 0n };
      const product = BigInt(milestone.amountKzt) * BigInt(amount);
      return { source, amount: Number(product / BigInt(left)), remainder: product % BigInt(left) };
    });
    let undistributed = milestone.amountKzt - shares.reduce((total, share) => total + share.amount, 0);
    for (const share of [...shares].sort((a, b) => (b.remainder > a.remainder ? 1 : b.remainder < a.remainder ? -1 : 0))) {
      if (undistributed <= 0) break;
      share.amount += 1;
      undistributed -= 1;
    }
    for (const share of shares) {
      remaining.set(share.source, (remaining.get(share.source) ?? 0) - share.amount);
      tranches.push({ milestoneIndex, source: share.source, amountKzt: share.amount });
    }
  });
  return tranches;
}
