import type { ErrorCode } from '../shared/errors.ts';

/** An error a person can act on: it carries the HTTP status and a stable code the web translates. */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (code: ErrorCode, what: string) => new AppError(404, code, `${what} was not found.`);
export const authRequired = () => new AppError(401, 'auth.required', 'Please sign in to do this.');
export const forbidden = (why = 'You do not have access to this.') => new AppError(403, 'auth.forbidden', why);
export const invalidInput = (message: string, details?: unknown) => new AppError(400, 'validation.failed', message, details);
