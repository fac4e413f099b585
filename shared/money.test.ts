import { describe, expect, it } from 'vitest';
import { formatDateTime, formatDecimal, formatKzt, formatKztShort, formatNumber } from './money.ts';

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

describe('date and time formatting', () => {
  // The viewer's time zone decides the figures; only the shape is fixed.
  it('spells a moment out the locale\'s way, to the minute, without US order or seconds', () => {
    const moment = '2028-06-15T12:30:45Z';
    expect(formatDateTime(moment, 'ru')).toMatch(/^\d{1,2} июня 2028 г\.(,| в) \d{2}:\d{2}$/);
    expect(formatDateTime(moment, 'kk')).toMatch(/^2028 ж\. \d{1,2} маусым, \d{2}:\d{2}$/);
    expect(formatDateTime(moment, 'en')).toMatch(/^June \d{1,2}, 2028(,| at) \d{2}:\d{2}( [AP]M)?$/);
    expect(formatDateTime(moment, 'ru')).not.toContain(':45');
  });
});

describe('plain figures', () => {
  it('groups large limits the locale\'s way and leaves four-digit ones (years) whole', () => {
    expect(formatNumber(10_000_000_000_000, 'ru')).toBe('10\u00a0000\u00a0000\u00a0000\u00a0000');
    expect(formatNumber(10_000_000_000_000, 'kk')).toBe('10\u00a0000\u00a0000\u00a0000\u00a0000');
    expect(formatNumber(10_000_000_000_000, 'en')).toBe('10,000,000,000,000');
    expect(formatNumber(2100, 'en')).toBe('2100');
    expect(formatNumber(2100, 'ru')).toBe('2100');
    expect(formatNumber(300, 'kk')).toBe('300');
  });
});

describe('decimals', () => {
  it('write a score or a share with the locale\'s decimal mark and grouping, Kazakh like Russian', () => {
    for (const locale of ['ru', 'kk'] as const) {
      expect(formatDecimal(86.6667, locale)).toBe('86,67');
      expect(formatDecimal(1234.5, locale, 1)).toBe('1\u00a0234,5');
    }
    expect(formatDecimal(86.6667, 'en')).toBe('86.67');
    expect(formatDecimal(78, 'kk', 1)).toBe('78');
  });
});
