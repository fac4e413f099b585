import { describe, expect, it } from 'vitest';
import { LOCALES } from '../constants.ts';
import { ERROR_CODES } from '../errors.ts';
import { CATALOGS, translate, translateDynamic } from './index.ts';

function leaves(node: unknown, prefix = ''): Map<string, string> {
  const found = new Map<string, string>();
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (typeof value === 'string') found.set(prefix + key, value);
    else for (const [path, text] of leaves(value, `${prefix}${key}.`)) found.set(path, text);
  }
  return found;
}

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('i18n catalogs', () => {
  const russian = leaves(CATALOGS.ru);

  it('every language has exactly the Russian keys, with the same placeholders and no empty text', () => {
    for (const locale of LOCALES) {
      const catalog = leaves(CATALOGS[locale]);
      expect([...catalog.keys()].sort()).toEqual([...russian.keys()].sort());
      for (const [key, text] of catalog) {
        expect(text.trim(), `${locale}:${key}`).not.toBe('');
        expect(placeholders(text), `${locale}:${key}`).toEqual(placeholders(russian.get(key)!));
      }
    }
  });

  it('every API error code has a message in every language', () => {
    for (const locale of LOCALES) {
      for (const code of ERROR_CODES) expect(translateDynamic(locale, `errors.${code}`), `${locale}:${code}`).toBeTypeOf('string');
    }
  });

  it('fills placeholders and leaves unknown dynamic keys undefined', () => {
    expect(translate('en', 'common.found', { count: 3 })).toBe('Found: 3');
    expect(translate('kk', 'common.found', { count: 3 })).toBe('Табылды: 3');
    expect(translateDynamic('ru', 'errors.no_such_code')).toBeUndefined();
  });
});
