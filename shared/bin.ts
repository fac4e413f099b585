// Kazakhstan's BIN/IIN: 12 digits, the last a control digit computed mod 11 with two
// weight sequences (the second is used when the first yields 10; a second 10 means invalid).
const FIRST_WEIGHTS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const SECOND_WEIGHTS = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

export function computeBinControlDigit(first11: string): number | null {
  const digits = [...first11].map(Number);
  const weigh = (weights: number[]) => digits.reduce((sum, digit, i) => sum + digit * weights[i], 0) % 11;
  let control = weigh(FIRST_WEIGHTS);
  if (control === 10) control = weigh(SECOND_WEIGHTS);
  return control === 10 ? null : control;
}

export function isValidBin(bin: string): boolean {
  if (!/^\d{12}$/.test(bin)) return false;
  const control = computeBinControlDigit(bin.slice(0, 11));
  return control !== null && control === Number(bin[11]);
}

/** Completes 11 digits into a valid BIN, or returns null when no control digit exists for them. */
export function completeBin(first11: string): string | null {
  const control = computeBinControlDigit(first11);
  return control === null ? null : first11 + control;
}
