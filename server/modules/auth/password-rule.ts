// Apart from passwords.ts: the estimator's dictionaries take a moment to load, and the CLI and the seed
// only hash passwords.
import { AppError } from '../../errors.ts';
import { checkPasswordStrength, PASSWORD_MIN_LENGTH, PASSWORD_MIN_SCORE } from '../../../shared/password-strength.ts';

/** Refuses a password that is too short or too easy to guess (the same rule the web shows live). */
export function requireStrongPassword(password: string, userInputs: string[] = []): void {
  const strength = checkPasswordStrength(password, userInputs);
  if (!strength.ok) {
    throw new AppError(
      400,
      'auth.weak_password',
      'This password is too easy to guess. Use several unrelated words, not a common password, a name, a date or a keyboard pattern.',
      { problem: strength.problem, score: strength.score, minScore: PASSWORD_MIN_SCORE, minLength: PASSWORD_MIN_LENGTH },
    );
  }
}
