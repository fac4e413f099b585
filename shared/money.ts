import type { Locale } from './constants.ts';

const INTL_LOCALE: Record<Locale, string> = { ru: 'ru-RU', kk: 'kk-KZ', en: 'en-US' };

/** Whole tenge, grouped by thin spaces in ru/kk ("150 000 000 ₸") and commas in en. */
export function formatKzt(amount: number | bigint, locale: Locale): string {
  const grouped = new Intl.NumberFormat(INTL_LOCALE[locale], { maximumFractionDigits: 0 }).format(amount);
  // Normalise the narrow no-break space Intl uses so ru and kk render identically everywhere.
  return `${grouped.replace(/[\u202f\u00a0]/g, '\u00a0')}\u00a0₸`;
}

export function formatDate(isoDate: string, locale: Locale): string {
  const date = new Date(isoDate.length === 10 ? `${isoDate}T00:00:00Z` : isoDate);
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(date);
}
