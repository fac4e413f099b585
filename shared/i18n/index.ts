// Translation catalogs for the web app (and any other client). Imports nothing from server or web.
import type { Locale } from '../constants.ts';
import type { Catalog, MessageKey, MessageParams } from './types.ts';
import { ru } from './ru.ts';
import { kk } from './kk.ts';
import { en } from './en.ts';

export type { Catalog, MessageKey, MessageParams } from './types.ts';

export const CATALOGS: Record<Locale, Catalog> = { ru, kk, en };

function resolve(catalog: Catalog, key: string): string | undefined {
  let node: unknown = catalog;
  for (const part of key.split('.')) {
    if (node === null || typeof node !== 'object' || !(part in node)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : undefined;
}

function interpolate(template: string, params?: MessageParams): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Translates a known key; falls back to Russian, then to the key itself (never throws). */
export function translate(locale: Locale, key: MessageKey, params?: MessageParams): string {
  const message = resolve(CATALOGS[locale], key) ?? resolve(ru, key) ?? key;
  return interpolate(message, params);
}

/** For keys built at run time (e.g. `errors.${code}` from the server): undefined when unknown. */
export function translateDynamic(locale: Locale, key: string, params?: MessageParams): string | undefined {
  const message = resolve(CATALOGS[locale], key);
  return message === undefined ? undefined : interpolate(message, params);
}
