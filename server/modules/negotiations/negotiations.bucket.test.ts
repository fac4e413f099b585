import { describe, expect, it } from 'vitest';
import { createSerialQueue, createTokenBucket } from './negotiations.socket.ts';

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

describe('the serial queue of a socket and of each subscription', () => {
  const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

  it('runs items one at a time in the order pushed, each after the one before has settled, never in the caller\'s turn', async () => {
    const queue = createSerialQueue((error) => { throw error; });
    const log: string[] = [];
    let running = 0;
    const item = (name: string, ms: number) => async () => {
      running += 1;
      expect(running).toBe(1);
      log.push(`start ${name}`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      log.push(`end ${name}`);
      running -= 1;
    };
    queue.push(item('a', 5));
    queue.push(item('b', 1));
    queue.push(() => void log.push('c (synchronous)'));
    expect(log).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'c (synchronous)']);
    // Idle, then busy again: it starts over.
    queue.push(item('d', 1));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(log.slice(-2)).toEqual(['start d', 'end d']);
  });

  it('reports an item that fails and goes on with the next', async () => {
    const failures: string[] = [];
    const queue = createSerialQueue((error) => failures.push(error.message));
    const done: string[] = [];
    queue.push(async () => { throw new Error('first failed'); });
    queue.push(() => { throw new Error('second failed'); });
    queue.push(() => void done.push('third'));
    await tick();
    expect(failures).toEqual(['first failed', 'second failed']);
    expect(done).toEqual(['third']);
  });

  it('goes on even when reporting a failure fails', async () => {
    const queue = createSerialQueue(() => { throw new Error('the report failed too'); });
    const done: string[] = [];
    queue.push(() => { throw new Error('failed'); });
    queue.push(() => void done.push('next'));
    await tick();
    expect(done).toEqual(['next']);
  });
});
