// One password rule for the server (sign-up, password change, password reset) and the web (live
// feedback on the forms). zxcvbn estimates how many guesses an attacker would need, using lists of
// common passwords, English words and names, keyboard patterns, repeats, sequences and dates.
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as zxcvbnCommon from '@zxcvbn-ts/language-common';
import * as zxcvbnEn from '@zxcvbn-ts/language-en';
import { PASSWORD_MIN_LENGTH } from './schemas/auth.ts';

export { PASSWORD_MIN_LENGTH };
export const PASSWORD_MAX_LENGTH = 200;
/**
 * zxcvbn's score 3 means about 10^8 guesses or more ("safely unguessable: moderate protection from an
 * offline slow-hash attack"); with argon2id hashes and the sign-in rate limit that is a sound floor.
 * Score 4 would refuse many sensible passphrases of three common words.
 */
export const PASSWORD_MIN_SCORE = 3;

export type PasswordProblem = 'too_short' | 'too_long' | 'too_guessable';

export interface PasswordStrength {
  /** zxcvbn's 0 (guessed at once) … 4 (very hard to guess); 0 for a password that is too short. */
  score: 0 | 1 | 2 | 3 | 4;
  ok: boolean;
  problem: PasswordProblem | null;
}

let factory: ZxcvbnFactory | null = null;

// Built on first use: loading the dictionaries takes about 0.2 s.
function estimator() {
  factory ??= new ZxcvbnFactory({
    dictionary: { ...zxcvbnCommon.dictionary, ...zxcvbnEn.dictionary },
    graphs: zxcvbnCommon.adjacencyGraphs,
    translations: zxcvbnEn.translations,
  });
  return factory;
}

/**
 * Rates a password. `userInputs` are things about the person (e-mail, name, organisation) that make a
 * password easy to guess for someone who knows them.
 */
export function checkPasswordStrength(password: string, userInputs: string[] = []): PasswordStrength {
  if (password.length < PASSWORD_MIN_LENGTH) return { score: 0, ok: false, problem: 'too_short' };
  if (password.length > PASSWORD_MAX_LENGTH) return { score: 0, ok: false, problem: 'too_long' };
  const inputs = userInputs.flatMap((input) => [input, ...input.toLowerCase().split(/[^\p{L}\p{N}]+/u)]).filter((input) => input.length >= 3);
  // zxcvbn's cost grows with length; the first 100 characters decide whether a password is guessable.
  const { score } = estimator().check(password.slice(0, 100), inputs);
  return score >= PASSWORD_MIN_SCORE ? { score, ok: true, problem: null } : { score, ok: false, problem: 'too_guessable' };
}
