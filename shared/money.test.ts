import { describe, expect, it } from 'vitest';
import { formatKzt, formatKztShort } from './money.ts';

describe('tenge formatting', () => {
  it('spells whole tenge out with the locale grouping', () => {
    expect(formatKzt(150_000_000, 'ru')).toBe('150\u00a0000\u00a0000\u00a0₸');
    expect(formatKzt(150_000_000, 'en')).toBe('150,000,000\u00a0₸');
  });

  it('rounds chart axis figures to millions and billions in every language', () => {
    expect(formatKztShort(150_000_000, 'ru')).toBe('150\u00a0млн\u00a0₸');
    expect(formatKztShort(1_250_000, 'ru')).toBe('1,3\u00a0млн\u00a0₸');
    expect(formatKztShort(2_500_000_000, 'en')).toBe('2.5B\u00a0₸');
    expect(formatKztShort(150_000_000, 'kk')).toBe('150\u00a0млн\u00a0₸');
    expect(formatKztShort(0, 'en')).toBe('0\u00a0₸');
  });
});
