// The server's validation details name the rule and its limit for bounds, so the web can word them
// in the reader's language (a negative amount is "cannot be negative", not "please check this value").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './helpers/test-app.ts';
import { publishableTaskBody, signUp } from './helpers/test-client.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx?.close());

describe('validation details', () => {
  it('a negative amount comes back with its keyword and limit', async () => {
    const { client } = await signUp(ctx.app, 'enterprise');
    const response = await client.post('/api/tasks', publishableTaskBody({ budgetMinKzt: -5 }));
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation.failed');
    expect(response.body.error.details).toContainEqual({ path: '/budgetMinKzt', message: 'must be >= 0', keyword: 'minimum', params: { limit: 0 } });
  });
});
