// Input that JSON and query strings can carry but that is not text to store or a shape to walk:
// checked once for every request (plugins/validation.ts) and for every imported record.

export interface UnsafeInput {
  /** JSON pointer of the offending value, e.g. "/kpis/0/metric". */
  path: string;
  problem: 'text' | 'depth';
}

const MAX_DEPTH = 32;
// A NUL cannot be stored in PostgreSQL text; a lone UTF-16 surrogate is not text at all.
const UNSAFE_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The JSON-pointer path of the first string that cannot be text, or of nesting beyond reason. */
export function findUnsafeInput(value: unknown, path = '', depth = 0): UnsafeInput | null {
  if (typeof value === 'string') return UNSAFE_TEXT.test(value) ? { path: path || '/', problem: 'text' } : null;
  if (!value || typeof value !== 'object') return null;
  if (depth >= MAX_DEPTH) return { path: path || '/', problem: 'depth' };
  const entries = Array.isArray(value) ? value.map((item, index) => [String(index), item] as const) : Object.entries(value);
  for (const [key, child] of entries) {
    if (UNSAFE_TEXT.test(key)) return { path: `${path}/${key}`, problem: 'text' };
    const found = findUnsafeInput(child, `${path}/${key}`, depth + 1);
    if (found) return found;
  }
  return null;
}

