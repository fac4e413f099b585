/**
 * True when a write failed on a unique index (PostgreSQL 23505), whether drizzle wrapped the driver's
 * error or not. Services check first for a clear message and use this for the race between two writers.
 */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  for (let current = error, depth = 0; current && typeof current === 'object' && depth < 4; current = (current as { cause?: unknown }).cause, depth++) {
    const { code, constraint: name } = current as { code?: unknown; constraint?: unknown };
    if (code === '23505') return constraint === undefined || name === constraint;
  }
  return false;
}
