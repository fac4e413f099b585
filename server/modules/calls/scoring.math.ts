import type { Criterion, ScoreLine } from '../../../shared/schemas/calls.ts';

// Exact arithmetic for expert scores: totals and means are fractions of whole numbers (bigint), so
// ranking, thresholds and divergence never depend on floating-point rounding. Only display rounds.

export interface Fraction {
  num: bigint;
  den: bigint;
}

const abs = (value: bigint) => (value < 0n ? -value : value);
function gcd(a: bigint, b: bigint): bigint {
  let [x, y] = [abs(a), abs(b)];
  while (y) [x, y] = [y, x % y];
  return x || 1n;
}

export function fraction(num: bigint, den: bigint = 1n): Fraction {
  if (den === 0n) throw new RangeError('zero denominator');
  const sign = den < 0n ? -1n : 1n;
  const divisor = gcd(num, den);
  return { num: (sign * num) / divisor, den: (sign * den) / divisor };
}

export const add = (a: Fraction, b: Fraction) => fraction(a.num * b.den + b.num * a.den, a.den * b.den);
export const subtract = (a: Fraction, b: Fraction) => fraction(a.num * b.den - b.num * a.den, a.den * b.den);
export const divide = (a: Fraction, by: bigint) => fraction(a.num, a.den * by);
/** Negative, zero or positive as a is below, equal to or above b. */
export const compare = (a: Fraction, b: Fraction) => {
  const difference = a.num * b.den - b.num * a.den;
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
};
export const toText = (value: Fraction) => (value.den === 1n ? `${value.num}` : `${value.num}/${value.den}`);

/** Rounded half away from zero to `decimals` places, for display only. */
export function toDisplay(value: Fraction, decimals = 2): number {
  const scale = 10n ** BigInt(decimals);
  const scaled = value.num * scale;
  const half = value.den / 2n;
  const rounded = (scaled >= 0n ? scaled + half : scaled - half) / value.den;
  return Number(rounded) / Number(scale);
}

/**
 * One expert's total in points of 100: each criterion contributes its weight times how far up its
 * scale the score is, (score − min) / (max − min).
 */
export function expertTotal(criteria: Criterion[], scores: ScoreLine[]): Fraction {
  const byKey = new Map(scores.map((line) => [line.criterion, line.score]));
  return criteria.reduce((total, criterion) => {
    const score = byKey.get(criterion.key) ?? criterion.scaleMin;
    return add(total, fraction(BigInt(criterion.weight) * BigInt(score - criterion.scaleMin), BigInt(criterion.scaleMax - criterion.scaleMin)));
  }, fraction(0n));
}

export function mean(values: Fraction[]): Fraction {
  if (values.length === 0) throw new RangeError('mean of nothing');
  return divide(values.reduce(add, fraction(0n)), BigInt(values.length));
}

export interface Aggregate {
  mean: Fraction;
  /** Highest minus lowest expert total. */
  divergence: Fraction;
  perCriterion: { criterion: string; mean: Fraction }[];
}

export function aggregate(criteria: Criterion[], sheets: ScoreLine[][]): Aggregate {
  const totals = sheets.map((scores) => expertTotal(criteria, scores));
  const sorted = [...totals].sort(compare);
  return {
    mean: mean(totals),
    divergence: subtract(sorted.at(-1)!, sorted[0]),
    perCriterion: criteria.map((criterion) => ({
      criterion: criterion.key,
      mean: mean(sheets.map((scores) => fraction(BigInt(scores.find((line) => line.criterion === criterion.key)?.score ?? criterion.scaleMin)))),
    })),
  };
}

/** Issues with a score sheet: every criterion once, each score on its scale, each with a comment. */
export function scoreSheetIssues(criteria: Criterion[], scores: ScoreLine[]): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  const known = new Map(criteria.map((criterion) => [criterion.key, criterion]));
  const seen = new Set<string>();
  scores.forEach((line, index) => {
    const criterion = known.get(line.criterion);
    if (!criterion) issues.push({ path: `/scores/${index}/criterion`, message: `${line.criterion} is not a criterion of this call` });
    else if (line.score < criterion.scaleMin || line.score > criterion.scaleMax) {
      issues.push({ path: `/scores/${index}/score`, message: `must be between ${criterion.scaleMin} and ${criterion.scaleMax}` });
    }
    if (seen.has(line.criterion)) issues.push({ path: `/scores/${index}/criterion`, message: `${line.criterion} is scored twice` });
    seen.add(line.criterion);
    if (!line.comment.trim()) issues.push({ path: `/scores/${index}/comment`, message: 'is required' });
  });
  for (const criterion of criteria) if (!seen.has(criterion.key)) issues.push({ path: '/scores', message: `${criterion.key} is not scored` });
  return issues;
}
