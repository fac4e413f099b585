// A thin fetch wrapper for the Kopir API: JSON in and out, same-origin cookies, the CSRF header on
// writes, and one error type built from the server's `{ error: { code, message, details? } }` envelope.
import type { ApiErrorBody } from '$shared/errors.ts';

export type Fetch = typeof fetch;

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details?: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

export function isApiError(error: unknown, code?: string): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

let csrfToken: string | null = null;

/** Called with the token of every session response (see api/auth.ts). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** For requests that cannot go through `request` (uploads with progress). */
export const getCsrfToken = () => csrfToken;

type Scalar = string | number | boolean;
export type QueryValue = Scalar | null | undefined | readonly Scalar[];
export type Query = Record<string, QueryValue>;

/** Arrays become repeated keys (`priorityArea=a&priorityArea=b`); empty values are dropped. */
export function toSearchParams(query: Query): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const item of value) params.append(key, String(item));
    else params.append(key, String(value));
  }
  return params;
}

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** SvelteKit's `fetch` inside `load` functions. */
  fetch?: Fetch;
  signal?: AbortSignal;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

function toApiError(status: number, payload: unknown): ApiError {
  const envelope = payload as Partial<ApiErrorBody> | null;
  const error = envelope?.error;
  if (error && typeof error.code === 'string') {
    return new ApiError(status, error.code, error.message ?? '', error.details);
  }
  if (status === 429) return new ApiError(status, 'auth.rate_limited', 'Too many requests');
  if (status === 404) return new ApiError(status, 'not_found', 'Not found');
  return new ApiError(status, status >= 500 ? 'internal' : 'unknown', `HTTP ${status}`);
}

async function send(method: Method, path: string, options: RequestOptions): Promise<Response> {
  const doFetch = options.fetch ?? fetch;
  const search = options.query ? toSearchParams(options.query).toString() : '';
  const headers: Record<string, string> = { accept: 'application/json' };
  // Only announce JSON when there is a body: Fastify rejects an empty body sent as JSON.
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  try {
    return await doFetch(`/api${path}${search ? `?${search}` : ''}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'network', 'Network error');
  }
}

export async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  let response = await send(method, path, options);
  let payload: unknown = await response.json().catch(() => null);

  // A stale CSRF token (another tab signed in or out): fetch a fresh session once and retry.
  if (method !== 'GET' && response.status === 403 && toApiError(403, payload).code === 'auth.csrf') {
    const session = await send('GET', '/auth/session', { fetch: options.fetch });
    const fresh = (await session.json().catch(() => null)) as { csrfToken?: string | null } | null;
    if (session.ok && fresh?.csrfToken) {
      setCsrfToken(fresh.csrfToken);
      response = await send(method, path, options);
      payload = await response.json().catch(() => null);
    }
  }

  if (!response.ok) throw toApiError(response.status, payload);
  return payload as T;
}

export const http = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, options),
  post: <T>(path: string, options?: RequestOptions) => request<T>('POST', path, options),
  patch: <T>(path: string, options?: RequestOptions) => request<T>('PATCH', path, options),
  put: <T>(path: string, options?: RequestOptions) => request<T>('PUT', path, options),
  delete: <T>(path: string, options?: RequestOptions) => request<T>('DELETE', path, options),
};
