// Security headers on every kind of response: the web app, the API, Swagger UI.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from './helpers/test-app.ts';

const BOOT = "\n{ __sveltekit_x = { base: '' }; import('/_app/start.js'); }\n";
const REBUILT_BOOT = "\n{ __sveltekit_y = { base: '' }; import('/_app/start2.js'); }\n";
const sha = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(';').map((part) => part.trim().split(/\s+/)).filter((words) => words[0]).map(([name, ...values]) => [name!, values]));
}

let ctx: TestContext;
let webDir: string;
beforeAll(async () => {
  webDir = await fs.mkdtemp(path.join(os.tmpdir(), 'kopir-web-'));
  await fs.writeFile(path.join(webDir, 'index.html'), `<!doctype html><html><body><script>${BOOT}</script><script src="/x.js"></script></body></html>`);
  ctx = await createTestContext({ webDir });
});
afterAll(async () => {
  await ctx.close();
  await fs.rm(webDir, { recursive: true, force: true });
});

describe('security headers', () => {
  it('the web app is served with a policy that allows its own bootstrap script by hash and never inline scripts at large', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/tasks' });
    expect(response.statusCode).toBe(200);
    const csp = directives(String(response.headers['content-security-policy']));
    expect(csp.get('script-src')).toEqual(["'self'", sha(BOOT)]);
    expect(csp.get('script-src')).not.toContain("'unsafe-inline'");
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  });

  it('a rebuilt web app is allowed its new bootstrap script without a restart', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await fs.writeFile(path.join(webDir, 'index.html'), `<!doctype html><html><body><script>${REBUILT_BOOT}</script></body></html>`);
    const later = new Date(Date.now() + 5000);
    await fs.utimes(path.join(webDir, 'index.html'), later, later);
    const response = await ctx.app.inject({ method: 'GET', url: '/' });
    expect(directives(String(response.headers['content-security-policy'])).get('script-src')).toEqual(["'self'", sha(REBUILT_BOOT)]);
  });

  it('API answers, errors included, carry the same headers', async () => {
    for (const url of ['/api/health', '/api/nothing-here']) {
      const response = await ctx.app.inject({ method: 'GET', url });
      expect(response.headers['x-content-type-options'], url).toBe('nosniff');
      expect(String(response.headers['content-security-policy']), url).toContain("frame-ancestors 'none'");
    }
  });

  it('Swagger UI at /api/docs loads only scripts of its own origin, which the policy allows', async () => {
    const page = await ctx.app.inject({ method: 'GET', url: '/api/docs' });
    expect(page.statusCode).toBe(200);
    // No inline script in Swagger UI's page: 'self' is all it needs.
    expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const scripts = [...page.body.matchAll(/<script src="([^"]+)"/g)].map((match) => match[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    for (const src of scripts) {
      expect(src.startsWith('http'), src).toBe(false);
      const script = await ctx.app.inject({ method: 'GET', url: new URL(src, 'http://x/api/docs').pathname });
      expect(script.statusCode, src).toBe(200);
    }
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
  });
});
