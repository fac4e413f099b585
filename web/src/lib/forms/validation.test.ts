import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/http.ts';
import { detailsToFieldErrors } from './validation.ts';

describe("the server's validation details on the form", () => {
  // The shape the server sends for bounds (tests/validation-details.test.ts checks it on a real request).
  const refusal = new ApiError(400, 'validation.failed', 'Invalid body: budgetMinKzt must be >= 0.', [
    { path: '/budgetMinKzt', message: 'must be >= 0', keyword: 'minimum', params: { limit: 0 } },
    { path: '/title', message: 'must NOT have more than 300 characters', keyword: 'maxLength', params: { limit: 300 } },
    { path: '/region', message: 'must be equal to one of the allowed values' },
  ]);

  it('are worded in the reader language by rule and limit, generically when the server names no rule', () => {
    expect(detailsToFieldErrors(refusal)).toEqual({
      '/budgetMinKzt': { key: 'validation.notNegative' },
      '/title': { key: 'validation.maxLength', params: { limit: 300 } },
      '/region': { key: 'validation.invalid' },
    });
  });
});
