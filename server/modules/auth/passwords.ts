import { hash, verify } from '@node-rs/argon2';

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

