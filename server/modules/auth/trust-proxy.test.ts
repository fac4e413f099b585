// The sign-in limit is per client address; which address counts depends on KOPIR_TRUST_PROXY.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../tests/helpers/test-app.ts';
import { createClient } from '../../../tests/helpers/test-client.ts';
import { loadConfig } from '../../config.ts';

const LIMIT = 3;

async function signInStatuses(ctx: TestContext, email: string, attempts: number, forwardedFor: (attempt: number) => string) {
  const client = createClient(ctx.app);
  await client.session();
  const statuses: number[] = [];
  for (let attempt = 0; attempt < attempts; attempt++) {
    const response = await client.post('/api/auth/sign-in', { email, password: 'whatever-password' }, { 'x-forwarded-for': forwardedFor(attempt) });
    statuses.push(response.status);
  }
  return statuses;
}

describe('with the default (no trusted proxy)', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ signInRateLimit: LIMIT, trustProxy: loadConfig({}).trustProxy });
  });
  afterAll(() => ctx.close());

  it('rotating X-Forwarded-For does not escape the sign-in limit', async () => {
    const statuses = await signInStatuses(ctx, 'rotating@example.kz', LIMIT + 2, (attempt) => `203.0.113.${attempt + 1}`);
    expect(statuses.slice(0, LIMIT)).toEqual(Array(LIMIT).fill(401));
    expect(statuses.slice(LIMIT)).toEqual([429, 429]);
  });
});

describe('with KOPIR_TRUST_PROXY=127.0.0.1 (a proxy on the same host)', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ signInRateLimit: LIMIT, trustProxy: loadConfig({ KOPIR_TRUST_PROXY: '127.0.0.1' }).trustProxy });
  });
  afterAll(() => ctx.close());

  it('the address the proxy forwards is the one that is limited', async () => {
    // app.inject comes from 127.0.0.1, the trusted proxy: each forwarded client has its own budget.
    const sameClient = await signInStatuses(ctx, 'proxied@example.kz', LIMIT + 1, () => '203.0.113.7');
    expect(sameClient.at(-1)).toBe(429);
    const otherClient = await signInStatuses(ctx, 'proxied@example.kz', 1, () => '203.0.113.8');
    expect(otherClient).toEqual([401]);
  });
});
