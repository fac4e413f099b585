import fp from 'fastify-plugin';
import type { FastifyError } from 'fastify';
import { AppError } from '../errors.ts';
import { DATE_YEARS, DATE_YEARS_PATTERN } from '../../shared/schemas/common.ts';

interface ValidationIssue {
  path: string;
  message: string;
  /** For bounds (minimum, maxLength…): the rule and its limit, so the web can word it in the reader's language. */
  keyword?: string;
  params?: { limit: number };
}

const BOUND_KEYWORDS = new Set(['minimum', 'exclusiveMinimum', 'maximum', 'exclusiveMaximum', 'minLength', 'maxLength', 'maxItems']);

/** Formats a person reads better as words than as `must match format "date"`. */
const FORMAT_MESSAGES: Record<string, string> = {
  date: `must be a date (YYYY-MM-DD) between the years ${DATE_YEARS.first} and ${DATE_YEARS.last}`,
  'date-time': `must be a date and time (ISO 8601) between the years ${DATE_YEARS.first} and ${DATE_YEARS.last}`,
};
const YEARS_MESSAGE = `must be between the years ${DATE_YEARS.first} and ${DATE_YEARS.last}`;

function describeValidation(error: FastifyError): { message: string; details: ValidationIssue[] } {
  const details = (error.validation ?? []).map((issue) => {
    const params = issue.params as { missingProperty?: string; additionalProperty?: string; format?: string; pattern?: string } | undefined;
    if (params?.missingProperty) return { path: `${issue.instancePath}/${params.missingProperty}`, message: 'is required' };
    // A field the schema does not name: say which, so the caller can remove it.
    if (params?.additionalProperty) return { path: `${issue.instancePath}/${params.additionalProperty}`, message: 'is not an accepted field' };
    if (params?.pattern === DATE_YEARS_PATTERN) return { path: issue.instancePath || '/', message: YEARS_MESSAGE };
    if (params?.format && params.format in FORMAT_MESSAGES) return { path: issue.instancePath || '/', message: FORMAT_MESSAGES[params.format] };
    const limit = (issue.params as { limit?: unknown } | undefined)?.limit;
    if (BOUND_KEYWORDS.has(issue.keyword) && typeof limit === 'number') {
      return { path: issue.instancePath || '/', message: issue.message ?? 'is invalid', keyword: issue.keyword, params: { limit } };
    }
    return { path: issue.instancePath || '/', message: issue.message ?? 'is invalid' };
  });
  const where = error.validationContext ?? 'request';
  const first = details[0];
  const message = first ? `Invalid ${where}: ${first.path.replace(/^\//, '') || where} ${first.message}.` : `Invalid ${where}.`;
  return { message, details };
}

/** One envelope for every error: { error: { code, message, details? } }; 5xx internals stay in the log. */
export const errorsPlugin = fp(
  async (app) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      if (error instanceof AppError) {
        return reply.status(error.statusCode).send({ error: { code: error.code, message: error.message, details: error.details } });
      }
      if (error.validation) {
        const { message, details } = describeValidation(error);
        return reply.status(400).send({ error: { code: 'validation.failed', message, details } });
      }
      if (error.code?.startsWith('FST_CSRF')) {
        return reply.status(403).send({
          error: { code: 'auth.csrf', message: 'Your session form token is missing or stale. Reload the page and try again.' },
        });
      }
      const status = error.statusCode ?? 500;
      if (status === 429) {
        return reply.status(429).send({ error: { code: 'auth.rate_limited', message: error.message } });
      }
      if (status >= 400 && status < 500) {
        return reply.status(status).send({ error: { code: status === 404 ? 'not_found' : 'validation.failed', message: error.message } });
      }
      request.log.error({ err: error }, 'request failed');
      return reply.status(500).send({ error: { code: 'internal', message: 'Something went wrong on our side. It has been logged.' } });
    });
  },
  { name: 'errors' },
);
