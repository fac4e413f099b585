import { describe, expect, it } from 'vitest';
import { diffTerms, initialTermsOf, keepingDisclosure, publicDisclosureOf, termsIssues, type Terms } from './terms.ts';

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

describe('public disclosure', () => {
  const enterpriseOnly: Terms = { ...base, cofinancing: [{ source: 'enterprise', amountKzt: 100 }] };

  it('defaults to public exactly when state-program or subsoil-fund money is in the terms', () => {
    expect(publicDisclosureOf(base)).toBe(true);
    expect(publicDisclosureOf(enterpriseOnly)).toBe(false);
    expect(publicDisclosureOf({ ...base, cofinancing: [{ source: 'subsoil_fund', amountKzt: 100 }] })).toBe(true);
    expect(publicDisclosureOf({ ...base, cofinancing: [{ source: 'enterprise', amountKzt: 100 }, { source: 'state_program', amountKzt: 0 }] })).toBe(false);
  });

  it('the parties\' explicit choice wins over the default either way', () => {
    expect(publicDisclosureOf({ ...base, publicDisclosure: false })).toBe(false);
    expect(publicDisclosureOf({ ...enterpriseOnly, publicDisclosure: true })).toBe(true);
  });

  it('a version that leaves the choice out keeps the previous explicit one; a default stays a default', () => {
    expect(keepingDisclosure(base, { ...base, publicDisclosure: false }).publicDisclosure).toBe(false);
    expect(keepingDisclosure({ ...base, publicDisclosure: true }, { ...base, publicDisclosure: false }).publicDisclosure).toBe(true);
    expect(keepingDisclosure(base, base)).not.toHaveProperty('publicDisclosure');
    expect(keepingDisclosure(base, null)).not.toHaveProperty('publicDisclosure');
  });

  it('the diff compares what publication means, not how it was written', () => {
    expect(diffTerms(base, { ...base, publicDisclosure: true })).toEqual([]);
    expect(diffTerms(base, { ...base, publicDisclosure: false })).toEqual([{ field: '/publicDisclosure', before: true, after: false }]);
    // Adding state money to enterprise-only terms makes them public by default: the diff says so.
    expect(diffTerms(enterpriseOnly, base)).toContainEqual({ field: '/publicDisclosure', before: false, after: true });
    expect(diffTerms({ ...enterpriseOnly, publicDisclosure: true }, { ...base, publicDisclosure: true }).map((change) => change.field)).not.toContain('/publicDisclosure');
  });

  it('version 1 of a negotiation leaves the choice to the default', () => {
    expect(initialTermsOf({ totalBudgetKzt: 100, cofinancing: base.cofinancing, milestones: base.milestones }, '2027-01-01')).not.toHaveProperty('publicDisclosure');
  });
});
