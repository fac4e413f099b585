// The interface language: a rune-backed current locale and helpers that read it, so every
// `t(...)` in a template re-renders when the language changes.
import { browser } from '$app/environment';
import {
  LANGUAGE_NAMES, LOCALES, ORG_KIND_NAMES, PRIORITY_AREA_NAMES, REGION_NAMES, TRL_DESCRIPTIONS,
  type Locale, type OrgKind, type PriorityArea, type Region,
} from '$shared/constants.ts';
import { formatDate, formatDateTime, formatDecimal, formatKzt, formatKztShort, formatNumber } from '$shared/money.ts';
import { translate, translateDynamic, type MessageKey, type MessageParams } from '$shared/i18n/index.ts';
import { isApiError } from './api/http.ts';
import type { FieldMessage } from './forms/validation.ts';

const STORAGE_KEY = 'kopir.locale';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The locale chosen explicitly on this device, if any. */
export function storedLocale(): Locale | null {
  if (!browser) return null;
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLocale(value) ? value : null;
  } catch {
    return null;
  }
}

/** First of the browser's languages that we speak (kk-KZ → kk); Russian otherwise. */
function browserLocale(): Locale {
  if (!browser) return 'ru';
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLocale(base)) return base;
  }
  return 'ru';
}

let current = $state<Locale>(storedLocale() ?? browserLocale());

export const i18n = {
  get locale(): Locale {
    return current;
  },
};

/** Switches the interface language; `remember` stores the choice on this device. */
export function applyLocale(locale: Locale, remember: boolean): void {
  current = locale;
  if (!browser) return;
  document.documentElement.lang = locale;
  if (remember) {
    try {
      localStorage.setItem(STORAGE_KEY, locale);
    } catch {
      // Private mode or storage disabled: the choice lasts for this page only.
    }
  }
}

export function t(key: MessageKey, params?: MessageParams): string {
  return translate(current, key, params);
}

/** A form's finding in words; its figures (limits like 10 000 000 000 000 ₸) grouped the locale's way. */
export function fieldMessage(message: FieldMessage): string {
  if (!message.params) return t(message.key);
  const params: MessageParams = {};
  for (const [name, value] of Object.entries(message.params)) params[name] = typeof value === 'number' ? formatNumber(value, current) : value;
  return t(message.key, params);
}

/** One place that turns any thrown error into a sentence in the current language. */
export function errorMessage(error: unknown): string {
  if (isApiError(error)) {
    const known = translateDynamic(current, `errors.${error.code}`);
    if (known) return known;
    if (error.status === 429) return t('errors.rateLimited');
    return error.message || t('errors.unknown');
  }
  return t('errors.unknown');
}

export const regionName = (code: Region | null | undefined) => (code ? REGION_NAMES[code][current] : t('common.notSpecified'));
export const areaName = (code: PriorityArea | null | undefined) => (code ? PRIORITY_AREA_NAMES[code][current] : t('common.notSpecified'));
export const languageName = (code: Locale) => LANGUAGE_NAMES[code][current];
export const orgKindName = (kind: OrgKind) => ORG_KIND_NAMES[kind][current];
export const trlDescription = (level: number) => TRL_DESCRIPTIONS[level as keyof typeof TRL_DESCRIPTIONS]?.[current] ?? '';
export const money = (amount: number) => formatKzt(amount, current);
/** A count, grouped the locale's way ("1 234"). */
export const number = (value: number) => formatDecimal(value, current);
/** A figure to one decimal ("4,5" days). */
export const oneDecimal = (value: number) => formatDecimal(value, current, 1);
/** A share already in points of 100, to one decimal ("78,1 %"). */
export const percentPoints = (points: number) => `${formatDecimal(points, current, 1)} %`;
export const moneyShort = (amount: number) => formatKztShort(amount, current);
export const date = (iso: string) => formatDate(iso, current);
/** A moment to the minute in the viewer's time zone (call deadlines). */
export const dateTime = (iso: string) => formatDateTime(iso, current);
