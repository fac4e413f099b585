import type { HighlightedText } from '../../../shared/schemas/search.ts';

// Meilisearch wraps matches in tags we choose; control characters never occur in user text, so
// they can be turned into offsets safely and the web never renders HTML from the index.
export const HIGHLIGHT_PRE = '\u0002';
export const HIGHLIGHT_POST = '\u0003';

export function parseHighlightTags(formatted: string): HighlightedText {
  const highlights: HighlightedText['highlights'] = [];
  let text = '';
  let start = -1;
  for (const char of formatted) {
    if (char === HIGHLIGHT_PRE) start = text.length;
    else if (char === HIGHLIGHT_POST) {
      if (start >= 0 && text.length > start) highlights.push({ start, end: text.length });
      start = -1;
    } else text += char;
  }
  return { text, highlights };
}

/** Highlights for the given fields of a hit's `_formatted`, skipping fields without a match. */
export function collectHighlights(formatted: Record<string, unknown> | undefined, fields: string[]): Record<string, HighlightedText> {
  const result: Record<string, HighlightedText> = {};
  for (const field of fields) {
    const value = formatted?.[field];
    if (typeof value !== 'string') continue;
    const parsed = parseHighlightTags(value);
    if (parsed.highlights.length) result[field] = parsed;
  }
  return result;
}

/** Marks every [start, end) range (sorted, merged) in a text. */
export function mergeRanges(ranges: Array<{ start: number; end: number }>) {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const merged: Array<{ start: number; end: number }> = [];
  for (const range of sorted) {
    const last = merged.at(-1);
    if (last && range.start <= last.end) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  return merged;
}
