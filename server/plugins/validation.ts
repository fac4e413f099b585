import fp from 'fastify-plugin';
import { Ajv, type Options } from 'ajv';
import formatsModule from 'ajv-formats';
import type { FastifyRequest, FastifySchema, RouteOptions } from 'fastify';
import { AppError } from '../errors.ts';
import { findUnsafeInput, type UnsafeInput } from '../input-safety.ts';

// ajv-formats is CommonJS: under ESM its function arrives as the module's `default`.
const addFormats = formatsModule.default;

type JsonSchema = Record<string, unknown>;

/**
 * A copy of the schema in which every object without its own rule for extra keys is closed
 * (`additionalProperties: false`). Applied to every route's body, query and params, so a field the
 * schema does not name is a 400, never a column or an audit entry (the mass-assignment hole).
 */
export function closeObjectSchemas(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closeObjectSchemas);
  if (!schema || typeof schema !== 'object') return schema;
  const copy: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    // `properties` maps names to schemas; `default`/`examples`/`const`/`enum` hold data, not schemas.
    if (key === 'properties' && value && typeof value === 'object') {
      copy[key] = Object.fromEntries(Object.entries(value).map(([name, child]) => [name, closeObjectSchemas(child)]));
    } else if (['default', 'examples', 'const', 'enum'].includes(key)) {
      copy[key] = value;
    } else {
      copy[key] = closeObjectSchemas(value);
    }
  }
  const isOpenObject = copy.type === 'object' && !('additionalProperties' in copy) && !('patternProperties' in copy);
  if (isOpenObject) copy.additionalProperties = false;
  return copy;
}

const CLOSED_PARTS = ['body', 'querystring', 'params'] as const;

function closeRouteSchemas(route: RouteOptions) {
  const schema = route.schema as FastifySchema | undefined;
  if (!schema) return;
  for (const part of CLOSED_PARTS) {
    if (schema[part]) (schema as Record<string, unknown>)[part] = closeObjectSchemas(schema[part]);
  }
}

function unsafeInputError(part: string, found: UnsafeInput) {
  const field = found.path.replace(/^\//, '') || part;
  const message =
    found.problem === 'text'
      ? `Invalid ${part}: ${field} contains characters that are not text (a NUL byte or a broken Unicode character).`
      : `Invalid ${part}: ${field} is nested too deeply.`;
  return new AppError(400, 'validation.failed', message, [{ path: found.path, message: found.problem === 'text' ? 'is not valid text' : 'is nested too deeply' }]);
}

const SHARED_OPTIONS: Options = { allErrors: true, useDefaults: true, removeAdditional: false, strict: false };

function createAjv(coerceTypes: Options['coerceTypes']) {
  const ajv = new Ajv({ ...SHARED_OPTIONS, coerceTypes });
  addFormats(ajv);
  return ajv;
}

/**
 * Input validation for every route: closed schemas, no type coercion of JSON bodies (coercion
 * turned `null` into 0 for optional numbers), query strings coerced as text must be, and one check
 * for text that cannot be stored.
 */
export const validationPlugin = fp(
  async (app) => {
    // JSON bodies carry their own types; query strings and path params are text and need coercion.
    const bodyAjv = createAjv(false);
    const textAjv = createAjv('array');
    app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? bodyAjv : textAjv).compile(schema));

    app.addHook('onRoute', closeRouteSchemas);

    app.addHook('preValidation', async (request) => {
      rejectUndeclaredInput(request);
      const parts = { params: request.params, querystring: request.query, body: request.body } as const;
      for (const [part, value] of Object.entries(parts)) {
        if (part === 'body' && (!value || typeof value !== 'object' || !isPlainData(value))) continue;
        const found = findUnsafeInput(value);
        if (found) throw unsafeInputError(part, found);
      }
    });
  },
  { name: 'validation' },
);

/**
 * An API route that declares no body (or no query) takes none: a field sent anyway is refused like
 * any unknown field instead of being ignored in silence.
 */
function rejectUndeclaredInput(request: FastifyRequest) {
  if (!request.url.startsWith('/api/') || request.url.startsWith('/api/docs')) return;
  const schema = (request.routeOptions.schema ?? {}) as FastifySchema;
  const undeclared: [part: string, value: unknown][] = [];
  if (!schema.body) undeclared.push(['body', request.body]);
  if (!schema.querystring) undeclared.push(['querystring', request.query]);
  for (const [part, value] of undeclared) {
    // A number, a JSON string or a text/plain body has no field to name, and is no more expected.
    if (value !== undefined && value !== null && value !== '' && typeof value !== 'object') {
      throw new AppError(400, 'validation.failed', `Invalid ${part}: this request takes no ${part}.`, [{ path: '/', message: `takes no ${part}` }]);
    }
    const field = value && typeof value === 'object' ? Object.keys(value)[0] : undefined;
    if (field !== undefined) {
      throw new AppError(400, 'validation.failed', `Invalid ${part}: ${field} is not an accepted field.`, [{ path: `/${field}`, message: 'is not an accepted field' }]);
    }
  }
}

const isPlainData = (value: object) => Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null;
