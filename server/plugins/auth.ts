import fp from 'fastify-plugin';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import rateLimit from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import { createAuthRepo } from '../modules/auth/auth.repo.ts';
import { ANONYMOUS, type AuthContext } from '../modules/auth/auth-context.ts';
import { SESSION_COOKIE, hashToken } from '../modules/auth/auth.tokens.ts';

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext;
  }
}

export interface AuthPluginOptions {
  secret: string;
  cookieSecure: boolean;
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function readBearer(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match ? match[1] : null;
}

/** Works out who is asking (session cookie or bearer token) and guards cookie writes against CSRF. */
export const authPlugin = fp<AuthPluginOptions>(
  async (app, options) => {
    await app.register(cookie, { secret: options.secret });
    await app.register(csrf, {
      cookieKey: 'kopir_csrf',
      cookieOpts: { path: '/', sameSite: 'strict', httpOnly: true, signed: true, secure: options.cookieSecure },
      getToken: (request) => request.headers['x-csrf-token'] as string | undefined,
    });
    // preHandler, so a route's key can use the parsed body (sign-in limits per address and account).
    await app.register(rateLimit, { global: false, hook: 'preHandler' });

    const repo = createAuthRepo({ db: app.db });
    app.decorateRequest('auth', null as unknown as AuthContext);

    app.addHook('onRequest', async (request) => {
      request.auth = ANONYMOUS;
      const bearer = readBearer(request);
      if (bearer) {
        const context = await repo.findTokenContext(hashToken(bearer));
        // A wrong token is an error, not anonymity: integrations must learn their token is bad.
        if (!context) throw new AppError(401, 'auth.required', 'The API token is invalid or has been revoked.');
        request.auth = context;
        return;
      }
      const sessionToken = request.cookies[SESSION_COOKIE];
      if (sessionToken) {
        request.auth = (await repo.findSessionContext(hashToken(sessionToken))) ?? ANONYMOUS;
      }
    });

    // Bearer requests carry no ambient credentials, so only cookie requests need a CSRF token.
    app.addHook('preHandler', (request, reply, done) => {
      if (!UNSAFE_METHODS.has(request.method) || request.auth.via === 'token') return done();
      app.csrfProtection(request, reply, done);
    });
  },
  { name: 'auth', dependencies: ['database'] },
);
