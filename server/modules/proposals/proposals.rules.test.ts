import { describe, expect, it } from 'vitest';
import { PROPOSAL_STATUSES, type ProposalStatus } from '../../../shared/schemas/proposals.ts';
import { canTransition, checkProposalConsistency, enterpriseSharePercent, isOverdue, type ProposalFields } from './proposals.rules.ts';

const ALLOWED: [ProposalStatus, ProposalStatus][] = [
  ['draft', 'submitted'], ['draft', 'withdrawn'],
  ['submitted', 'shortlisted'], ['submitted', 'in_negotiation'], ['submitted', 'declined'], ['submitted', 'withdrawn'],
  ['shortlisted', 'in_negotiation'], ['shortlisted', 'declined'], ['shortlisted', 'withdrawn'],
  ['in_negotiation', 'agreed'], ['in_negotiation', 'declined'], ['in_negotiation', 'withdrawn'],
];

describe('proposal status transitions', () => {
  const pairs = PROPOSAL_STATUSES.flatMap((from) => PROPOSAL_STATUSES.map((to) => [from, to] as [ProposalStatus, ProposalStatus]));
  it.each(pairs)('%s → %s is allowed only when listed', (from, to) => {
    expect(canTransition(from, to)).toBe(ALLOWED.some(([a, b]) => a === from && b === to));
  });

  it('agreed, declined and withdrawn are final', () => {
    for (const final of ['agreed', 'declined', 'withdrawn'] as const) {
      expect(PROPOSAL_STATUSES.filter((to) => canTransition(final, to))).toEqual([]);
    }
  });
});

const fields = (overrides: Partial<ProposalFields> = {}): ProposalFields => ({
  title: 'T', summary: 's', approach: 'a', team: [],
  milestones: [{ title: 'm', deliverable: 'd', dueDate: '2027-01-01', amountKzt: 2_000_000_000_001 }],
  totalBudgetKzt: 2_000_000_000_001,
  cofinancing: [{ source: 'enterprise', amountKzt: 1_000_000_000_000 }, { source: 'subsoil_fund', amountKzt: 1_000_000_000_001 }],
  trlStart: 2, trlEnd: 2,
  ...overrides,
});

describe('proposal sums', () => {
  it('are exact for amounts far beyond 2^31 tenge', () => {
    expect(() => checkProposalConsistency(fields())).not.toThrow();
    expect(() => checkProposalConsistency(fields({ totalBudgetKzt: 2_000_000_000_000 }))).toThrow(/2000000000000 but the milestone amounts add up to 2000000000001/);
  });

  it('a source listed twice is refused', () => {
    const cofinancing = [{ source: 'enterprise' as const, amountKzt: 1 }, { source: 'enterprise' as const, amountKzt: 2_000_000_000_000 }];
    expect(() => checkProposalConsistency(fields({ cofinancing }))).toThrow(/listed twice/);
  });

  it("the enterprise's share is computed from its lines", () => {
    expect(enterpriseSharePercent({ totalBudgetKzt: 120, cofinancing: [{ source: 'enterprise', amountKzt: 36 }, { source: 'state_program', amountKzt: 84 }] })).toBe(30);
    expect(enterpriseSharePercent({ totalBudgetKzt: null, cofinancing: [] })).toBeNull();
  });
});

describe('overdue', () => {
  const submittedAt = new Date('2027-01-01T00:00:00Z');
  it('only a submitted proposal older than the response time is overdue', () => {
    expect(isOverdue({ status: 'submitted', submittedAt }, new Date('2027-01-15T00:00:00Z'), 14)).toBe(false);
    expect(isOverdue({ status: 'submitted', submittedAt }, new Date('2027-01-15T00:00:01Z'), 14)).toBe(true);
    expect(isOverdue({ status: 'shortlisted', submittedAt }, new Date('2027-03-01T00:00:00Z'), 14)).toBe(false);
  });
});
