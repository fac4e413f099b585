import { describe, expect, it } from 'vitest';
import { criteriaIssues, tallyVotes, type Criterion } from '../../../shared/schemas/calls.ts';
import { aggregate, compare, expertTotal, fraction, scoreSheetIssues, toDisplay, toText } from './scoring.math.ts';

const levels = ['0', '1', '2', '3', '4', '5'];
const criteria: Criterion[] = [
  { key: 'merit', name: 'Merit', weight: 30, scaleMin: 0, scaleMax: 5, levels },
  { key: 'relevance', name: 'Relevance', weight: 30, scaleMin: 0, scaleMax: 5, levels },
  { key: 'team', name: 'Team', weight: 20, scaleMin: 0, scaleMax: 5, levels },
  { key: 'budget', name: 'Budget', weight: 20, scaleMin: 0, scaleMax: 5, levels },
];
const sheet = (scores: number[]) => criteria.map((criterion, index) => ({ criterion: criterion.key, score: scores[index], comment: 'ok' }));

describe('criteria validation', () => {
  it('accepts weights that add up to exactly 100 with one description per level', () => {
    expect(criteriaIssues(criteria)).toEqual([]);
  });

  it('refuses weights adding up to 99 or 101, naming the sum', () => {
    expect(criteriaIssues([{ ...criteria[0], weight: 29 }, ...criteria.slice(1)])).toEqual([{ path: '/criteria', message: 'weights add up to 99, not 100', code: 'weights_total', values: { total: 99 } }]);
    expect(criteriaIssues([{ ...criteria[0], weight: 31 }, ...criteria.slice(1)])[0].message).toContain('101');
  });

  it('refuses a scale that does not go up, a missing level description and a repeated key', () => {
    const issues = criteriaIssues([
      { ...criteria[0], scaleMin: 3, scaleMax: 3 },
      { ...criteria[1], levels: levels.slice(1) },
      { ...criteria[2], key: 'merit' },
      criteria[3],
    ]);
    expect(issues.map((issue) => issue.path)).toEqual(['/criteria/0/scaleMax', '/criteria/1/levels', '/criteria/2/key']);
    expect(issues.map((issue) => issue.code)).toEqual(['scale_order', 'levels_count', 'key_twice']);
    expect(issues[1].values).toEqual({ criterion: 2, needed: levels.length, min: criteria[1].scaleMin, max: criteria[1].scaleMax, has: levels.length - 1 });
  });
});

describe('aggregation arithmetic', () => {
  it("an expert's total is the weights times how far up each scale the score is", () => {
    expect(toText(expertTotal(criteria, sheet([5, 4, 3, 2])))).toBe('74');
    expect(toText(expertTotal(criteria, sheet([0, 0, 0, 0])))).toBe('0');
    expect(toText(expertTotal(criteria, sheet([5, 5, 5, 5])))).toBe('100');
  });

  it('the weighted mean is exact and only rounded for display; divergence is highest minus lowest total', () => {
    const result = aggregate(criteria, [sheet([5, 4, 3, 2]), sheet([4, 4, 4, 4]), sheet([3, 3, 3, 4])]);
    // 74, 80 and 64 points: mean 218/3 = 72.666…
    expect(toText(result.mean)).toBe('218/3');
    expect(toDisplay(result.mean)).toBe(72.67);
    expect(toText(result.divergence)).toBe('16');
    expect(result.perCriterion.map((line) => toText(line.mean))).toEqual(['4', '11/3', '10/3', '10/3']);
  });

  it('thirds that floating point would get wrong compare exactly', () => {
    const thirds: Criterion[] = [
      { key: 'a', name: 'A', weight: 33, scaleMin: 1, scaleMax: 4, levels: ['1', '2', '3', '4'] },
      { key: 'b', name: 'B', weight: 67, scaleMin: 1, scaleMax: 4, levels: ['1', '2', '3', '4'] },
    ];
    const total = expertTotal(thirds, [{ criterion: 'a', score: 2, comment: 'x' }, { criterion: 'b', score: 3, comment: 'x' }]);
    // 33·1/3 + 67·2/3 = 167/3
    expect(toText(total)).toBe('167/3');
    expect(compare(total, fraction(167n, 3n))).toBe(0);
    expect(compare(total, fraction(5567n, 100n))).toBe(-1);
  });

  it('a score sheet needs every criterion once, on its scale, each with a comment', () => {
    const issues = scoreSheetIssues(criteria, [
      { criterion: 'merit', score: 6, comment: 'too high' },
      { criterion: 'relevance', score: 3, comment: '  ' },
      { criterion: 'relevance', score: 3, comment: 'twice' },
      { criterion: 'novelty', score: 1, comment: 'unknown' },
    ]);
    expect(issues.map((issue) => `${issue.path} ${issue.message}`)).toEqual([
      '/scores/0/score must be between 0 and 5',
      '/scores/1/comment is required',
      '/scores/2/criterion relevance is scored twice',
      '/scores/3/criterion novelty is not a criterion of this call',
      '/scores team is not scored',
      '/scores budget is not scored',
    ]);
  });
});

describe('council voting rule', () => {
  const votes = (forVotes: number, against: number, abstain = 0, conflict = 0) => [
    ...Array.from({ length: forVotes }, () => ({ vote: 'for' as const })),
    ...Array.from({ length: against }, () => ({ vote: 'against' as const })),
    ...Array.from({ length: abstain }, () => ({ vote: 'abstain' as const })),
    ...Array.from({ length: conflict }, () => ({ vote: 'conflict' as const })),
  ];

  it('without a quorum (half of the members or fewer voting) there is no decision', () => {
    expect(tallyVotes(5, votes(2, 0)).decision).toBeNull();
    expect(tallyVotes(6, votes(3, 0)).quorum).toBe(false);
    expect(tallyVotes(6, votes(4, 0)).quorum).toBe(true);
  });

  it('exactly two thirds of the votes for or against is a decision to fund', () => {
    expect(tallyVotes(5, votes(2, 1))).toMatchObject({ quorum: true, decision: 'funded' });
    expect(tallyVotes(9, votes(6, 3))).toMatchObject({ quorum: true, decision: 'funded' });
  });

  it('one vote short of two thirds is a decision not to fund', () => {
    expect(tallyVotes(5, votes(3, 2))).toMatchObject({ quorum: true, decision: 'not_funded' });
    expect(tallyVotes(9, votes(5, 3))).toMatchObject({ quorum: true, decision: 'not_funded' });
  });

  it('abstentions count for the quorum but not the majority; automatic conflict abstentions count for neither', () => {
    expect(tallyVotes(5, votes(1, 0, 2))).toMatchObject({ quorum: true, decision: 'funded' });
    expect(tallyVotes(5, votes(0, 0, 3))).toMatchObject({ quorum: true, decision: 'not_funded' });
    expect(tallyVotes(5, votes(2, 0, 0, 1))).toMatchObject({ quorum: false, decision: null, conflict: 1 });
  });
});
