// Cross-cutting behaviour of the assembled app: health, OpenAPI, errors, config.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './helpers/test-app.ts';
import { createClient } from './helpers/test-client.ts';
import { ConfigError, loadConfig } from '../server/config.ts';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe('the assembled app', () => {
  it('answers searches with empty results before anything was ever indexed', async () => {
    const tasks = await createClient(ctx.app).get('/api/search/tasks?q=selenium');
    expect(tasks.status).toBe(200);
    expect(tasks.body).toMatchObject({ items: [], total: 0 });
    expect((await createClient(ctx.app).get('/api/search/institutes?q=water')).body.total).toBe(0);
  });

  it('reports database and search health', async () => {
    const response = await createClient(ctx.app).get('/api/health');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'ok', database: { status: 'ok' }, search: { status: 'ok', indexLag: { pending: expect.any(Number) } } });
    // A Meilisearch at MEILI_URL is not Kopir's to supervise: no process to report.
    expect(response.body.search.process).toBeNull();
  });

  it('publishes an OpenAPI document of every route at /api/docs', async () => {
    const response = await createClient(ctx.app).get('/api/docs/json');
    expect(response.status).toBe(200);
    expect(Object.keys(response.body.paths)).toEqual(expect.arrayContaining(['/api/tasks/', '/api/tasks/{id}', '/api/institutes/{id}', '/api/auth/sign-in', '/api/tasks/{id}/matches']));
    expect((await createClient(ctx.app).get('/api/docs')).status).toBeLessThan(400);
  });

  it('answers unknown endpoints and malformed bodies with the error envelope', async () => {
    const client = createClient(ctx.app);
    const missing = await client.get('/api/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
    await client.session();
    const malformed = await client.request('POST', '/api/auth/sign-in', '{"email":', { 'content-type': 'application/json' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toEqual(expect.any(String));
  });

  it('never leaks password hashes or token hashes in any response', async () => {
    const client = createClient(ctx.app);
    await client.session();
    const signUp = await client.post('/api/auth/sign-up', {
      email: 'leak-check@example.kz', password: 'correct horse battery', fullName: 'Leak Check',
      organisation: { kind: 'enterprise', name: 'Leak Check LLP', bin: '990140000126' },
    });
    expect(JSON.stringify(signUp.body)).not.toMatch(/argon2|passwordHash|tokenHash/);
    const members = await client.get(`/api/organisations/${signUp.body.organisation.id}/members`);
    expect(JSON.stringify(members.body)).not.toMatch(/argon2|passwordHash/);
  });
});

describe('configuration', () => {
  it('lists every bad variable at once', () => {
    expect(() => loadConfig({ PORT: 'eighty', KOPIR_DEMO_DATA: 'maybe', DATABASE_URL: 'mysql://x' })).toThrowError(ConfigError);
    try {
      loadConfig({ PORT: 'eighty', KOPIR_DEMO_DATA: 'maybe', DATABASE_URL: 'mysql://x' });
    } catch (error) {
      expect((error as Error).message).toMatch(/PORT/);
      expect((error as Error).message).toMatch(/KOPIR_DEMO_DATA/);
      expect((error as Error).message).toMatch(/DATABASE_URL/);
    }
  });

  it('seeds demo data by default only on the embedded database', () => {
    expect(loadConfig({}).demoData).toBe(true);
    expect(loadConfig({ DATABASE_URL: 'postgres://db/kopir' }).demoData).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://db/kopir', KOPIR_DEMO_DATA: 'true' }).demoData).toBe(true);
  });

  it('trusts no proxy by default; KOPIR_TRUST_PROXY takes true, a hop count or addresses and CIDRs', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ KOPIR_TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ KOPIR_TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ KOPIR_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ KOPIR_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1' }).trustProxy).toEqual(['127.0.0.1', '10.0.0.0/8', '::1']);
    expect(() => loadConfig({ KOPIR_TRUST_PROXY: 'my-proxy' })).toThrowError(/KOPIR_TRUST_PROXY/);
  });
});

describe('serving the web app', () => {
  it('serves index.html for the root and for client-side routes, JSON 404s under /api', async () => {
    const webDir = await fs.mkdtemp(path.join(os.tmpdir(), 'kopir-web-'));
    await fs.writeFile(path.join(webDir, 'index.html'), '<!doctype html><html><body>Kopir SPA</body></html>');
    const web = await createTestContext({ webDir });
    try {
      for (const url of ['/', '/tasks/123', '/institutes?q=water']) {
        const response = await web.app.inject({ method: 'GET', url });
        expect(response.statusCode, url).toBe(200);
        expect(response.body).toContain('Kopir SPA');
      }
      const api = await web.app.inject({ method: 'GET', url: '/api/nothing' });
      expect(api.statusCode).toBe(404);
      expect(api.json().error.code).toBe('not_found');
    } finally {
      await web.close();
      await fs.rm(webDir, { recursive: true, force: true });
    }
  });
});
