import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { ErrorResponseSchema, OkSchema } from '../../../shared/schemas/common.ts';
import {
  ChangeEmailBodySchema,
  ChangePasswordBodySchema,
  PasswordResetAcceptedSchema,
  PasswordResetConfirmBodySchema,
  PasswordResetRequestBodySchema,
  SessionSchema,
  SignInBodySchema,
  SignUpBodySchema,
  UpdateMeBodySchema,
} from '../../../shared/schemas/auth.ts';
import { createAuthService, toSession, type IssuedSession } from './auth.service.ts';
import { createPasswordResetService } from './password-reset.service.ts';
import { SESSION_COOKIE } from './auth.tokens.ts';

export interface AuthRoutesOptions {
  cookieSecure: boolean;
  signInRateLimit: number;
  publicUrl: string;
}

const tooManyAttempts = (_request: unknown, context: { ttl: number }) => ({
  statusCode: 429,
  message: `Too many attempts. Try again in ${Math.ceil(context.ttl / 1000)} seconds.`,
});

const errors = { 400: ErrorResponseSchema, 401: ErrorResponseSchema, 403: ErrorResponseSchema, 409: ErrorResponseSchema, 429: ErrorResponseSchema };

export const authRoutes: FastifyPluginAsyncTypebox<AuthRoutesOptions> = async (app, options) => {
  const service = createAuthService({ db: app.db });
  const passwordReset = createPasswordResetService({ db: app.db, mailer: app.mailer, publicUrl: options.publicUrl, log: app.log.child({ module: 'auth' }) });
  app.addHook('onClose', async () => {
    await passwordReset.whenSent();
  });
  // Checking the current password is guessing it too: limited per person like sign-in per address.
  const currentPasswordLimit = {
    max: options.signInRateLimit,
    timeWindow: '1 minute',
    keyGenerator: (request: { auth: { user: { id: string } | null }; ip: string }) => `me:${request.auth.user?.id ?? request.ip}`,
    errorResponseBuilder: tooManyAttempts,
  };

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

  app.post(
    '/me/email',
    { schema: { tags: ['auth'], body: ChangeEmailBodySchema, response: { 200: SessionSchema, ...errors } }, config: { rateLimit: currentPasswordLimit } },
    async (request, reply) => {
      const auth = await service.changeEmail(request.auth, request.body);
      return toSession(auth, reply.generateCsrf());
    },
  );

  app.post(
    '/me/password',
    { schema: { tags: ['auth'], body: ChangePasswordBodySchema, response: { 200: OkSchema, ...errors } }, config: { rateLimit: currentPasswordLimit } },
    async (request) => {
      await service.changePassword(request.auth, request.body, request.cookies[SESSION_COOKIE]);
      return { ok: true as const };
    },
  );

  app.post(
    '/password-reset',
    {
      schema: { tags: ['auth'], body: PasswordResetRequestBodySchema, response: { 202: PasswordResetAcceptedSchema, ...errors } },
      // Per address only: one client must not be able to mail-bomb a list of people.
      config: { rateLimit: { max: options.signInRateLimit, timeWindow: '15 minutes', errorResponseBuilder: tooManyAttempts } },
    },
    async (request, reply) => {
      await passwordReset.request(request.body);
      return reply.status(202).send({ accepted: true as const });
    },
  );

  app.post(
    '/password-reset/confirm',
    {
      schema: { tags: ['auth'], body: PasswordResetConfirmBodySchema, response: { 200: OkSchema, ...errors } },
      config: { rateLimit: { max: options.signInRateLimit, timeWindow: '1 minute', errorResponseBuilder: tooManyAttempts } },
    },
    async (request) => {
      await passwordReset.confirm(request.body);
      return { ok: true as const };
    },
  );
};
