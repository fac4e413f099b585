import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../tests/helpers/test-app.ts';
import { createClient, signUp, signUpBody } from '../../../tests/helpers/test-client.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ signInRateLimit: 5 });
});
afterAll(() => ctx.close());

describe('sign-up and sign-in', () => {
  it('a visitor gets an anonymous session with a CSRF token', async () => {
    const response = await createClient(ctx.app).session();
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ user: null, organisation: null });
    expect(response.body.csrfToken).toEqual(expect.any(String));
  });

  it('signing up creates the person, their organisation (as owner) and a session', async () => {
    const { client, session } = await signUp(ctx.app, 'enterprise', { fullName: 'Айгерим Сапарова' });
    expect(session.user.fullName).toBe('Айгерим Сапарова');
    expect(session.organisation).toMatchObject({ kind: 'enterprise', role: 'owner' });
    const again = await client.session();
    expect(again.body.user.id).toBe(session.user.id);
  });

  it('a write without the CSRF token is refused even with a valid session', async () => {
    const { client } = await signUp(ctx.app, 'institute');
    const response = await client.request('PATCH', '/api/auth/me', { locale: 'kk' }, { 'x-csrf-token': 'forged' });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('auth.csrf');
  });

  it('a BIN with a wrong control digit is refused with a clear message', async () => {
    const client = createClient(ctx.app);
    await client.session();
    const body = signUpBody('enterprise');
    const lastDigit = Number(body.organisation.bin[11]);
    body.organisation.bin = body.organisation.bin.slice(0, 11) + ((lastDigit + 1) % 10);
    const response = await client.post('/api/auth/sign-up', body);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(/BIN/);
  });

  it('the same BIN or e-mail cannot register twice', async () => {
    const first = signUpBody('enterprise');
    const client = createClient(ctx.app);
    await client.session();
    expect((await client.post('/api/auth/sign-up', first)).status).toBe(201);
    const sameEmail = await client.post('/api/auth/sign-up', { ...signUpBody('enterprise'), email: first.email.toUpperCase() });
    expect(sameEmail.status).toBe(409);
    expect(sameEmail.body.error.code).toBe('users.email_taken');
    const sameBin = await client.post('/api/auth/sign-up', { ...signUpBody('institute'), organisation: { ...first.organisation, kind: 'institute' } });
    expect(sameBin.status).toBe(409);
    expect(sameBin.body.error.code).toBe('organisations.bin_taken');
  });

  it('nobody can sign up as a program office', async () => {
    const client = createClient(ctx.app);
    await client.session();
    const body = signUpBody('enterprise');
    const response = await client.post('/api/auth/sign-up', { ...body, organisation: { ...body.organisation, kind: 'program_office' } });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation.failed');
  });

  it('invalid input lists the fields at fault', async () => {
    const client = createClient(ctx.app);
    await client.session();
    const response = await client.post('/api/auth/sign-up', { email: 'not-an-email', password: 'short' });
    expect(response.status).toBe(400);
    const paths = response.body.error.details.map((detail: { path: string }) => detail.path);
    expect(paths).toEqual(expect.arrayContaining(['/email', '/password', '/fullName', '/organisation']));
  });

  it('signs in with the right password only, and signs out', async () => {
    const { credentials } = await signUp(ctx.app, 'institute');
    const client = createClient(ctx.app);
    await client.session();
    const wrong = await client.post('/api/auth/sign-in', { ...credentials, password: 'wrong password!' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('auth.invalid_credentials');
    const right = await client.post('/api/auth/sign-in', { ...credentials, email: credentials.email.toUpperCase() });
    expect(right.status).toBe(200);
    expect(right.body.user.email).toBe(credentials.email);
    expect((await client.post('/api/auth/sign-out')).status).toBe(200);
    expect((await client.session()).body.user).toBeNull();
  });

  it('the session cookie is httpOnly and SameSite', async () => {
    const client = createClient(ctx.app);
    await client.session();
    const response = await client.post('/api/auth/sign-up', signUpBody('enterprise'));
    const setCookie = String(response.headers['set-cookie']);
    expect(setCookie).toMatch(/kopir_session=[^;]+;.*HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
  });

  it('rate-limits repeated sign-in attempts', async () => {
    const client = createClient(ctx.app);
    await client.session();
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 7; attempt++) {
      statuses.push((await client.post('/api/auth/sign-in', { email: 'nobody@example.kz', password: 'whatever-password' })).status);
    }
    expect(statuses.slice(0, 5).every((status) => status === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    const limited = await client.post('/api/auth/sign-in', { email: 'nobody@example.kz', password: 'whatever-password' });
    expect(limited.body.error.code).toBe('auth.rate_limited');
  });

  it('a person can change their interface language', async () => {
    const { client } = await signUp(ctx.app, 'enterprise');
    const response = await client.patch('/api/auth/me', { locale: 'kk' });
    expect(response.status).toBe(200);
    expect(response.body.user.locale).toBe('kk');
    expect((await client.session()).body.user.locale).toBe('kk');
  });
});
