import { hash, verify } from '@node-rs/argon2';
import { AppError } from '../../errors.ts';
import { checkPasswordStrength, PASSWORD_MIN_LENGTH, PASSWORD_MIN_SCORE } from '../../../shared/password-strength.ts';

// argon2id is the package's default algorithm. OWASP's baseline: 19 MiB, 2 iterations, 1 lane (about 30 ms here).
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => hash(password, OPTIONS);

let dummyHash: Promise<string> | null = null;

/** Verifies; for an unknown account it still spends the same time, so timing does not reveal accounts. */
export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (passwordHash === null) {
    dummyHash ??= hashPassword('not-a-real-password');
    await verify(await dummyHash, password);
    return false;
  }
  return verify(passwordHash, password);
}

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
