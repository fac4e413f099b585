import { describe, expect, it } from 'vitest';
import { detectLanguage, stemToken, tokenize, tokenizeWithOffsets } from './text.ts';

function stems(words: string[], language?: 'ru' | 'kk' | 'en'): string[] {
  return words.map((w) => stemToken(w, language));
}

describe('stemToken', () => {
  it('gives Russian case forms one stem, including nouns in -ть', () => {
    expect(new Set(stems(['вода', 'воды', 'воде', 'водой']))).toEqual(new Set(['вод']));
    expect(new Set(stems(['нейросеть', 'нейросети', 'нейросетью', 'нейросетей']))).toEqual(new Set(['нейросет']));
    expect(new Set(stems(['печать', 'печати', 'печатью']))).toEqual(new Set(['печат']));
  });

  it('peels Kazakh plural, possessive and case, including the bare accusative "н"', () => {
    expect(new Set(stems(['су', 'суы', 'суын', 'суды', 'сулары', 'суларын'], 'kk'))).toEqual(new Set(['су']));
    expect(new Set(stems(['қалдық', 'қалдықтар', 'қалдықтарын', 'қалдықтардың'], 'kk'))).toEqual(new Set(['қалдық']));
    expect(stemToken('шахтасын', 'kk')).toBe(stemToken('шахтаның', 'kk'));
    expect(stemToken('флотациялау', 'kk')).toBe(stemToken('флотация', 'kk'));
    // Roots ending in "-ын" keep it.
    expect(stemToken('алтын', 'kk')).toBe(stemToken('алтынды', 'kk'));
  });

  it('keeps the root of English words in -at- ("treating" is not "tre")', () => {
    expect(new Set(stems(['treat', 'treated', 'treating', 'treatment', 'treatments']))).toEqual(new Set(['treat']));
    expect(stemToken('separating')).toBe(stemToken('separation'));
    expect(stemToken('tolerant')).toBe(stemToken('tolerance'));
    expect(stemToken('resistant')).toBe(stemToken('resistance'));
  });
});

describe('tokenize', () => {
  it('normalises case, ё and Latin look-alikes inside Cyrillic words, keeping original offsets', () => {
    expect(tokenize('Тяжёлые МЕТАЛЛЫ, бiлiм')).toEqual(['тяжелые', 'металлы', 'білім']);
    const text = '«Очистка» — ICP-MS';
    expect(tokenizeWithOffsets(text).map((t) => text.slice(t.start, t.end))).toEqual(['Очистка', 'ICP', 'MS']);
  });

  it('tells Kazakh from Russian by Kazakh-only letters', () => {
    expect(detectLanguage(tokenize('бидайдың құрғақшылыққа төзімділігі'))).toBe('kk');
    expect(detectLanguage(tokenize('засухоустойчивость пшеницы'))).toBe('ru');
    expect(detectLanguage(tokenize('drought tolerance'))).toBe('en');
  });
});
