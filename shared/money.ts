import type { Locale } from './constants.ts';

const INTL_LOCALE: Record<Locale, string> = { ru: 'ru-RU', kk: 'kk-KZ', en: 'en-US' };

// Some ICU builds (Debian's Chromium, small-icu Node) accept 'kk-KZ' but lack its data and print
// "250,000,000" and "2028 M12 31". Kazakh groups digits like Russian; dates are spelled out below.
const KK_MONTHS = ['қаңтар', 'ақпан', 'наурыз', 'сәуір', 'мамыр', 'маусым', 'шілде', 'тамыз', 'қыркүйек', 'қазан', 'қараша', 'желтоқсан'];
let kazakhDataMissing: boolean | undefined;
function hasKazakhData(): boolean {
  kazakhDataMissing ??= !/^қаңтар$/i.test(new Intl.DateTimeFormat('kk-KZ', { month: 'long', timeZone: 'UTC' }).format(Date.UTC(2020, 0, 15)));
  return !kazakhDataMissing;
}
const intlLocale = (locale: Locale) => (locale === 'kk' && !hasKazakhData() ? 'ru-RU' : INTL_LOCALE[locale]);

/** Whole tenge, grouped by thin spaces in ru/kk ("150 000 000 ₸") and commas in en. */
export function formatKzt(amount: number | bigint, locale: Locale): string {
  const grouped = new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 0 }).format(amount);
  // Normalise the narrow no-break space Intl uses so ru and kk render identically everywhere.
  return `${grouped.replace(/[\u202f\u00a0]/g, '\u00a0')}\u00a0₸`;
}

/** A bare figure in a sentence (a form's limit), grouped the locale's way from five digits on:
 *  "10 000 000 000 000" in ru/kk, "10,000,000,000,000" in en, while a limit like the year 2100 stays whole. */
export function formatNumber(value: number, locale: Locale): string {
  const grouped = new Intl.NumberFormat(intlLocale(locale), { useGrouping: 'min2', maximumFractionDigits: 2 }).format(value);
  return grouped.replace(/[\u202f\u00a0]/g, '\u00a0');
}

/** A count or a measure ("1 234", "86,67" in ru/kk; "1,234", "86.67" in en), at most `fractionDigits` decimals. */
export function formatDecimal(value: number, locale: Locale, fractionDigits = 2): string {
  return new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: fractionDigits }).format(value).replace(/[\u202f\u00a0]/g, '\u00a0');
}

/** Rounded tenge for chart axes ("150 млн ₸", "1.3M ₸"): full figures collide on a phone-wide axis; the
 *  table behind the chart keeps every figure whole. */
export function formatKztShort(amount: number, locale: Locale): string {
  const short = new Intl.NumberFormat(intlLocale(locale), { notation: 'compact', maximumFractionDigits: 1 }).format(amount);
  return `${short.replace(/[\u202f\u00a0]/g, '\u00a0')}\u00a0₸`;
}

export function formatDate(isoDate: string, locale: Locale): string {
  const date = new Date(isoDate.length === 10 ? `${isoDate}T00:00:00Z` : isoDate);
  if (locale === 'kk' && !hasKazakhData()) {
    return `${date.getUTCFullYear()} ж. ${date.getUTCDate()} ${KK_MONTHS[date.getUTCMonth()]}`;
  }
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(date);
}

/** A moment (a call's deadline) with its date spelled out and the time to the minute, in the
 *  viewer's own time zone, as the form that set it took it ("31 декабря 2028 г., 18:00"). */
export function formatDateTime(isoDateTime: string, locale: Locale): string {
  const date = new Date(isoDateTime);
  const time = new Intl.DateTimeFormat('ru-RU', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(date);
  if (locale === 'kk' && !hasKazakhData()) {
    return `${date.getFullYear()} ж. ${date.getDate()} ${KK_MONTHS[date.getMonth()]}, ${time}`;
  }
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], { year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit' }).format(date);
}
