import fp from 'fastify-plugin';
import helmet from '@fastify/helmet';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The sha256 sources of the inline <script> blocks in a built index.html. SvelteKit's adapter-static
 * SPA fallback boots from one inline script whose text changes with every build, so its hash is
 * read from the file (re-read when the file changes: a rebuilt web app is served without a restart).
 */
export function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const match of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)) {
    hashes.push(`'sha256-${createHash('sha256').update(match[1]!, 'utf8').digest('base64')}'`);
  }
  return hashes;
}

function createIndexHashReader(webDir: string) {
  const file = path.join(webDir, 'index.html');
  let cached: { mtimeMs: number; hashes: string[] } | null = null;
  let checkedAt = 0;
  return (): string[] => {
    const now = Date.now();
    // A stat at most once a second: every response carries the policy.
    if (cached && now - checkedAt < 1000) return cached.hashes;
    checkedAt = now;
    try {
      const { mtimeMs } = fs.statSync(file);
      if (!cached || cached.mtimeMs !== mtimeMs) cached = { mtimeMs, hashes: inlineScriptHashes(fs.readFileSync(file, 'utf8')) };
    } catch {
      cached = { mtimeMs: -1, hashes: [] };
    }
    return cached.hashes;
  };
}

/**
 * Security headers on every response (API, web app, Swagger UI at /api/docs): a Content-Security-Policy
 * without inline scripts (the web app's bootstrap script is allowed by its hash), no framing, nosniff,
 * a referrer policy that sends only the origin to other sites.
 */
export const securityHeadersPlugin = fp<{ webDir: string }>(
  async (app, { webDir }) => {
    const indexHashes = createIndexHashReader(webDir);
    await app.register(helmet, {
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          baseUri: ["'self'"],
          scriptSrc: ["'self'", () => indexHashes().join(' ')],
          // Svelte transitions and the app shell set inline styles; scripts stay hash-only.
          styleSrc: ["'self'", "'unsafe-inline'"],
          // Swagger UI draws its icons from data: URLs.
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'", 'data:'],
          // 'self' covers the same-origin WebSocket (notifications) in current browsers.
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
          formAction: ["'self'"],
        },
      },
      // Cross-origin isolation headers would break nothing today but give nothing either.
      crossOriginEmbedderPolicy: false,
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    });
  },
  { name: 'security-headers' },
);
