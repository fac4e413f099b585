import { describe, expect, it } from 'vitest';
import { createTokenBucket } from './negotiations.socket.ts';

describe('the per-connection token bucket', () => {
  it('lets a burst through at once, then refills at its rate and never beyond the burst', () => {
    let now = 0;
    const bucket = createTokenBucket({ perSecond: 20, burst: 60 }, () => now);
    const takes = (count: number) => Array.from({ length: count }, () => bucket.take()).filter(Boolean).length;
    expect(takes(100)).toBe(60);
    now += 500;
    expect(takes(100)).toBe(10);
    now += 60_000;
    expect(takes(100)).toBe(60);
  });
});
