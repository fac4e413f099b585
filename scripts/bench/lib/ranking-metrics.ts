/** Graded relevance of each candidate for one query: id → grade 0–3 (missing = 0). */
export type Judgements = Record<string, number>;

const gain = (grade: number) => 2 ** grade - 1;

/** nDCG@k with exponential gains: rewards putting the best teams first. */
export function computeNdcg(ranked: string[], judgements: Judgements, k = 10): number {
  const dcg = ranked.slice(0, k).reduce((sum, id, i) => sum + gain(judgements[id] ?? 0) / Math.log2(i + 2), 0);
  const ideal = Object.values(judgements).sort((a, b) => b - a).slice(0, k).reduce((sum, grade, i) => sum + gain(grade) / Math.log2(i + 2), 0);
  return ideal === 0 ? 0 : dcg / ideal;
}

/** Share of the candidates graded ≥ minGrade (restricted by `only`) that appear in the top k. */
export function computeRecall(ranked: string[], judgements: Judgements, k = 10, minGrade = 1, only: (id: string) => boolean = () => true): number | null {
  const relevant = Object.entries(judgements).filter(([id, grade]) => grade >= minGrade && only(id)).map(([id]) => id);
  if (relevant.length === 0) return null;
  const top = new Set(ranked.slice(0, k));
  return relevant.filter((id) => top.has(id)).length / relevant.length;
}

/** 1 / rank of the first candidate graded ≥ minGrade (0 when none is ranked). */
export function computeReciprocalRank(ranked: string[], judgements: Judgements, minGrade = 2): number {
  const index = ranked.findIndex((id) => (judgements[id] ?? 0) >= minGrade);
  return index === -1 ? 0 : 1 / (index + 1);
}

export const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN);
