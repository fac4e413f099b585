// Validate a form's body with the same TypeBox schema the server uses, and turn both client and
// server findings into one map: JSON-pointer path → translatable message.
import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import type { MessageKey, MessageParams } from '$shared/i18n/index.ts';
import type { ApiError } from '../api/http.ts';

export interface FieldMessage {
  key: MessageKey;
  params?: MessageParams;
}
/** Keyed by JSON pointer: '/title', '/kpis/0/metric', '/organisation/bin'. */
export type FieldErrors = Record<string, FieldMessage>;

/** The DOM id of the control for a path; forms use it so error links and summaries can focus it. */
export function fieldId(path: string): string {
  return `f${path.replaceAll('/', '-')}`;
}

interface SchemaError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
}

// Union branches ("must be null", "must equal constant") say less than the concrete rule.
const WEAK_KEYWORDS = new Set(['anyOf', 'oneOf', 'const', 'type', 'enum']);

function messageFor(error: SchemaError, value?: unknown): FieldMessage {
  const limit = error.params.limit as number | undefined;
  switch (error.keyword) {
    case 'required':
      return { key: 'validation.required' };
    case 'minLength':
      // An empty field is "missing" to a person, whatever the schema's minimum.
      return limit === 1 || value === '' ? { key: 'validation.required' } : { key: 'validation.minLength', params: { limit: limit ?? 0 } };
    case 'maxLength':
      return { key: 'validation.maxLength', params: { limit: limit ?? 0 } };
    case 'minimum':
    case 'exclusiveMinimum':
      // "At least 0" reads oddly for a typed minus: say what is wrong with it. The server's details carry
      // no value: under a minimum of 0 it can only have been negative.
      if ((typeof value === 'number' ? value < 0 && (limit ?? 0) <= 1 : limit === 0)) return { key: 'validation.notNegative' };
      return { key: 'validation.minimum', params: { limit: limit ?? 0 } };
    case 'maximum':
    case 'exclusiveMaximum':
      return { key: 'validation.maximum', params: { limit: limit ?? 0 } };
    case 'maxItems':
      return { key: 'validation.maxItems', params: { limit: limit ?? 0 } };
    case 'uniqueItems':
      return { key: 'validation.uniqueItems' };
    case 'format':
      if (error.params.format === 'email') return { key: 'validation.email' };
      if (error.params.format === 'date') return { key: 'validation.date' };
      return { key: 'validation.invalid' };
    case 'pattern':
      return { key: 'validation.pattern' };
    case 'type':
      return error.params.type === 'integer' || error.params.type === 'number' ? { key: 'validation.integer' } : { key: 'validation.invalid' };
    case 'const':
    case 'anyOf':
    case 'enum':
      return { key: 'validation.choose' };
    default:
      return { key: 'validation.invalid' };
  }
}

export function validateWith(schema: TSchema, value: unknown): FieldErrors {
  const errors: FieldErrors = {};
  const weak = new Set<string>();
  for (const error of Value.Errors(schema, value) as unknown as SchemaError[]) {
    const paths =
      error.keyword === 'required'
        ? ((error.params.requiredProperties as string[] | undefined) ?? []).map((name) => `${error.instancePath}/${name}`)
        : [error.instancePath];
    for (const path of paths) {
      const isWeak = WEAK_KEYWORDS.has(error.keyword);
      // Keep the first strong message per field; a strong one replaces a weak one.
      if (errors[path] && (isWeak || !weak.has(path))) continue;
      errors[path] = messageFor(error, pick(value, path));
      if (isWeak) weak.add(path);
      else weak.delete(path);
    }
  }
  // A value that is not a number at all also fails the union's "null" branch: say "integer" then.
  for (const path of weak) {
    if (errors[path].key === 'validation.choose' && typeof pick(value, path) === 'number') errors[path] = { key: 'validation.integer' };
  }
  return errors;
}

function pick(value: unknown, path: string): unknown {
  let node = value;
  for (const part of path.split('/').slice(1)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

export function hasErrors(errors: FieldErrors): boolean {
  return Object.keys(errors).length > 0;
}

interface Detail {
  path?: string;
  instancePath?: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

/**
 * Maps the server's `details` ([{ path, message }]) to fields. The server's message is English; we
 * translate by keyword when it sends one, by `special(path)` for domain rules, generically otherwise.
 */
export function detailsToFieldErrors(error: ApiError, special?: (path: string) => FieldMessage | undefined): FieldErrors {
  const errors: FieldErrors = {};
  if (!Array.isArray(error.details)) return errors;
  for (const detail of error.details as Detail[]) {
    const rawPath = detail.path ?? detail.instancePath;
    if (typeof rawPath !== 'string') continue;
    // Accept "/a/b", "a.b" and "body/a" spellings.
    const path = `/${rawPath.replace(/^\/?(body\/)?/, '').replaceAll('.', '/')}`;
    if (errors[path]) continue;
    errors[path] =
      special?.(path) ??
      (detail.keyword ? messageFor({ keyword: detail.keyword, instancePath: path, params: detail.params ?? {} }) : { key: 'validation.invalid' });
  }
  return errors;
}
