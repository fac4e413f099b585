import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { ErrorResponseSchema, OkSchema } from '../../../shared/schemas/common.ts';
import { SessionSchema, SignInBodySchema, SignUpBodySchema, UpdateMeBodySchema } from '../../../shared/schemas/auth.ts';
import { createAuthService, toSession, type IssuedSession } from './auth.service.ts';
import { SESSION_COOKIE } from './auth.tokens.ts';

export interface AuthRoutesOptions {
  cookieSecure: boolean;
  signInRateLimit: number;
}

const errors = { 400: ErrorResponseSchema, 401: ErrorResponseSchema, 403: ErrorResponseSchema, 409: ErrorResponseSchema, 429: ErrorResponseSchema };

export const authRoutes: FastifyPluginAsyncTypebox<AuthRoutesOptions> = async (app, options) => {
  const service = createAuthService({ db: app.db });

  const setSessionCookie = (reply: FastifyReply, session: IssuedSession) =>
    reply.setCookie(SESSION_COOKIE, session.token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: options.cookieSecure,
      expires: session.expiresAt,
    });

  app.get('/session', { schema: { tags: ['auth'], response: { 200: SessionSchema } } }, async (request, reply) => {
    return toSession(request.auth, request.auth.via === 'token' ? null : reply.generateCsrf());
  });

  app.post('/sign-up', { schema: { tags: ['auth'], body: SignUpBodySchema, response: { 201: SessionSchema, ...errors } } }, async (request, reply) => {
    const session = await service.signUp(request.body);
    setSessionCookie(reply, session);
    return reply.status(201).send(toSession(session.auth, reply.generateCsrf()));
  });

  app.post(
    '/sign-in',
    {
      schema: { tags: ['auth'], body: SignInBodySchema, response: { 200: SessionSchema, ...errors } },
      config: {
        rateLimit: {
          max: options.signInRateLimit,
          timeWindow: '1 minute',
          keyGenerator: (request) => `${request.ip}:${String((request.body as { email?: string } | undefined)?.email ?? '').toLowerCase()}`,
          errorResponseBuilder: (_request, context) => ({
            statusCode: 429,
            message: `Too many sign-in attempts. Try again in ${Math.ceil(context.ttl / 1000)} seconds.`,
          }),
        },
      },
    },
    async (request, reply) => {
      const session = await service.signIn(request.body);
      setSessionCookie(reply, session);
      return toSession(session.auth, reply.generateCsrf());
    },
  );

  app.post('/sign-out', { schema: { tags: ['auth'], response: { 200: OkSchema } } }, async (request, reply) => {
    await service.signOut(request.cookies[SESSION_COOKIE]);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });

  app.patch('/me', { schema: { tags: ['auth'], body: UpdateMeBodySchema, response: { 200: SessionSchema, ...errors } } }, async (request, reply) => {
    const auth = await service.updateMe(request.auth, request.body);
    return toSession(auth, reply.generateCsrf());
  });
};
