import { describe, expect, it } from 'vitest';
import { diffTerms, termsIssues, type Terms } from './terms.ts';

const base: Terms = {
  totalBudgetKzt: 100,
  cofinancing: [{ source: 'enterprise', amountKzt: 60 }, { source: 'state_program', amountKzt: 40 }],
  milestones: [
    { title: 'A', deliverable: 'report', dueDate: '2027-03-01', amountKzt: 50 },
    { title: 'B', deliverable: 'pilot', dueDate: '2027-06-01', amountKzt: 50 },
  ],
  ipModel: 'institute_owns_nonexclusive_licence',
  publicationDelayDays: 90,
  confidentialityYears: 3,
  startDate: '2027-01-01',
};

describe('terms rules', () => {
  it('terms that add up hold', () => expect(termsIssues(base)).toEqual([]));

  it('a tenge off in the milestones or the co-financing is named with both numbers', () => {
    const issues = termsIssues({ ...base, totalBudgetKzt: 101 });
    expect(issues.map((issue) => issue.path)).toEqual(['/totalBudgetKzt', '/cofinancing']);
    expect(issues[0].message).toContain('101');
    expect(issues[0].message).toContain('100');
  });

  it('a milestone before the start or before the previous one is refused', () => {
    const early = { ...base, milestones: [{ ...base.milestones[0], dueDate: '2026-12-31' }, base.milestones[1]] };
    expect(termsIssues(early).map((issue) => issue.path)).toEqual(['/milestones/0/dueDate']);
    const reversed = { ...base, milestones: [base.milestones[1], base.milestones[0]] };
    expect(termsIssues(reversed).map((issue) => issue.path)).toEqual(['/milestones/1/dueDate']);
  });
});

describe('diff between versions', () => {
  it('lists each changed leaf with before and after', () => {
    const next = { ...base, publicationDelayDays: 180, milestones: [base.milestones[0], { ...base.milestones[1], amountKzt: 40 }], totalBudgetKzt: 90,
      cofinancing: [{ source: 'state_program' as const, amountKzt: 40 }, { source: 'enterprise' as const, amountKzt: 50 }] };
    expect(diffTerms(base, next)).toEqual([
      { field: '/totalBudgetKzt', before: 100, after: 90 },
      { field: '/milestones/1/amountKzt', before: 50, after: 40 },
      { field: '/publicationDelayDays', before: 90, after: 180 },
      { field: '/cofinancing/enterprise', before: 60, after: 50 },
    ]);
  });

  it('an added milestone is one change against nothing; the first version has no diff', () => {
    const extra = { title: 'C', deliverable: '', dueDate: '2027-09-01', amountKzt: 0 };
    expect(diffTerms(base, { ...base, milestones: [...base.milestones, extra] })).toEqual([{ field: '/milestones/2', before: null, after: extra }]);
    expect(diffTerms(null, base)).toEqual([]);
  });
});
