// Reconnect delays: exponential from 0.5 s to 30 s, with "equal jitter" (half fixed, half random) so
// that the clients of a restarted server do not all come back in the same instant.

export interface BackoffOptions {
  minMs?: number;
  maxMs?: number;
  /** 0 ≤ random() < 1; injectable so tests can pin it. */
  random?: () => number;
}

export const BACKOFF_MIN_MS = 500;
export const BACKOFF_MAX_MS = 30_000;

/** The wait before reconnect attempt number `attempt` (0 = the first retry after a drop). */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const minMs = options.minMs ?? BACKOFF_MIN_MS;
  const maxMs = options.maxMs ?? BACKOFF_MAX_MS;
  const random = options.random ?? Math.random;
  // Cap the exponent: 2 ** 1000 is Infinity, and the cap is reached long before.
  const ceiling = Math.min(maxMs, minMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
