// Search and matching return text plus [start, end) ranges to emphasise (UTF-16 offsets, like JS
// strings). The web turns them into plain segments and renders <mark> itself: no HTML from the API.
import type { HighlightedText } from '$shared/schemas/search.ts';

export interface Segment {
  text: string;
  mark: boolean;
}

export function toSegments({ text, highlights }: HighlightedText): Segment[] {
  const ranges = highlights
    .map(({ start, end }) => ({ start: Math.max(0, Math.min(start, text.length)), end: Math.max(0, Math.min(end, text.length)) }))
    .filter(({ start, end }) => end > start)
    .sort((a, b) => a.start - b.start);
  const segments: Segment[] = [];
  let at = 0;
  for (const range of ranges) {
    const start = Math.max(range.start, at); // overlapping ranges merge into the previous mark
    if (range.end <= start) continue;
    if (start > at) segments.push({ text: text.slice(at, start), mark: false });
    const last = segments.at(-1);
    if (last?.mark && start === at) last.text += text.slice(start, range.end);
    else segments.push({ text: text.slice(start, range.end), mark: true });
    at = range.end;
  }
  if (at < text.length) segments.push({ text: text.slice(at), mark: false });
  return segments;
}
