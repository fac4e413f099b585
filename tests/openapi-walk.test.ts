// Walks the published OpenAPI document and sends every API route a field it does not declare:
// each must answer 400 naming the field, so no route can quietly accept (and store) unknown input.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './helpers/test-app.ts';
import { createClient, type TestClient } from './helpers/test-client.ts';
import { createTokensService } from '../server/modules/tokens/tokens.service.ts';

let ctx: TestContext;
let admin: TestClient;
const SOME_ID = '00000000-0000-4000-8000-000000000000';
const UNKNOWN = 'zz_not_a_field';

beforeAll(async () => {
  ctx = await createTestContext();
  // An admin API token passes every access check that comes before validation, and needs no CSRF token.
  const issued = await createTokensService({ db: ctx.db }).issueToken({ name: 'walk', role: 'admin', organisationId: null }, { userId: null, tokenId: null, label: 'test' }, null);
  admin = createClient(ctx.app, { bearer: issued.token });
});
afterAll(() => ctx.close());

function apiRoutes() {
  const paths = (ctx.app.swagger() as { paths: Record<string, Record<string, { requestBody?: { content?: Record<string, unknown> } }>> }).paths;
  return Object.entries(paths)
    .filter(([path]) => path.startsWith('/api/') && !path.startsWith('/api/docs'))
    .flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })));
}

it('the document lists the API', () => {
  expect(apiRoutes().length).toBeGreaterThan(30);
});

it('every route refuses an unknown query parameter with a 400 that names it', async () => {
  for (const { method, path } of apiRoutes()) {
    const url = `${path.replace(/\{\w+\}/g, SOME_ID)}?${UNKNOWN}=1`;
    const response = await admin.request(method, url, method === 'GET' || method === 'DELETE' ? undefined : {});
    expect(response.status, `${method} ${path} → ${JSON.stringify(response.body)}`).toBe(400);
    expect(JSON.stringify(response.body.error), `${method} ${path}`).toContain(UNKNOWN);
  }
});

it('every write route refuses an unknown body field with a 400 that names it', async () => {
  const writes = apiRoutes().filter(({ method, operation }) => method !== 'GET' && !operation.requestBody?.content?.['multipart/form-data']);
  expect(writes.length).toBeGreaterThan(10);
  for (const { method, path } of writes) {
    const response = await admin.request(method, path.replace(/\{\w+\}/g, SOME_ID), { [UNKNOWN]: 1 });
    expect(response.status, `${method} ${path} → ${JSON.stringify(response.body)}`).toBe(400);
    expect(JSON.stringify(response.body.error), `${method} ${path}`).toContain(UNKNOWN);
  }
});
