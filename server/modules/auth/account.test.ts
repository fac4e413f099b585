// A person's own account: e-mail and password changes, and the password strength rule.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestContext, type TestContext } from '../../../tests/helpers/test-app.ts';
import { createClient, signUp, signUpBody } from '../../../tests/helpers/test-client.ts';
import { auditLog } from '../audit/audit.table.ts';
import { checkPasswordStrength } from '../../../shared/password-strength.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ signInRateLimit: 50 });
});
afterAll(() => ctx.close());

async function signInElsewhere(credentials: { email: string; password: string }) {
  const client = createClient(ctx.app);
  await client.session();
  const response = await client.post('/api/auth/sign-in', credentials);
  return { client, status: response.status };
}

const auditRowsFor = (userId: string) => ctx.db.select().from(auditLog).where(eq(auditLog.entityId, userId));

describe('password strength (one rule for server and web)', () => {
  it('refuses what is short or easy to guess, accepts passphrases and the fixtures the tests use', () => {
    for (const weak of ['          ', 'aaaaaaaaaa', '1234567890', 'qwertyuiop', 'password123', 'kazakhstan2026', 'short']) {
      expect(checkPasswordStrength(weak).ok, weak).toBe(false);
    }
    for (const strong of ['correct horse battery', 'program-office-pass', 'member-password-1', 'kopir-demo-2026', 'Tr0ub4dour&3-ore']) {
      expect(checkPasswordStrength(strong).ok, strong).toBe(true);
    }
  });

  it('counts what is known about the person (their e-mail and name) as easy to guess', () => {
    expect(checkPasswordStrength('Aidar Nurlanov 1990').ok).toBe(true);
    expect(checkPasswordStrength('Aidar Nurlanov 1990', ['aidar.nurlanov@example.kz', 'Aidar Nurlanov']).ok).toBe(false);
  });

  it('sign-up refuses ten spaces and a common password with auth.weak_password', async () => {
    const client = createClient(ctx.app);
    await client.session();
    for (const password of ['          ', 'password1234']) {
      const response = await client.post('/api/auth/sign-up', signUpBody('enterprise', { password }));
      expect(response.status, password).toBe(400);
      expect(response.body.error.code).toBe('auth.weak_password');
    }
  });
});

describe('changing the e-mail address', () => {
  it('needs the current password: a wrong one is a 403 auth.wrong_password and changes nothing', async () => {
    const { client, credentials } = await signUp(ctx.app, 'enterprise');
    const response = await client.post('/api/auth/me/email', { email: 'stolen@example.kz', currentPassword: 'not my password' });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('auth.wrong_password');
    expect((await client.session()).body.user.email).toBe(credentials.email);
  });

  it('stores the address lower-cased, the person signs in with it, and the change is audited', async () => {
    const { client, credentials, session } = await signUp(ctx.app, 'institute');
    const newEmail = `New.Address.${Date.now()}@Example.KZ`;
    const response = await client.post('/api/auth/me/email', { email: newEmail, currentPassword: credentials.password });
    expect(response.status).toBe(200);
    expect(response.body.user.email).toBe(newEmail.toLowerCase());
    expect((await signInElsewhere({ email: newEmail.toLowerCase(), password: credentials.password })).status).toBe(200);
    expect((await signInElsewhere(credentials)).status).toBe(401);
    const audit = (await auditRowsFor(session.user.id)).find((row) => row.action === 'user.email_changed');
    expect(audit?.changes).toEqual({ from: credentials.email, to: newEmail.toLowerCase() });
    expect(JSON.stringify(audit)).not.toContain(credentials.password);
  });

  it("another person's address, in any case, is a clear 409 users.email_taken, never a 500", async () => {
    const taken = await signUp(ctx.app, 'enterprise');
    const { client, credentials } = await signUp(ctx.app, 'enterprise');
    const response = await client.post('/api/auth/me/email', { email: taken.credentials.email.toUpperCase(), currentPassword: credentials.password });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('users.email_taken');
  });

  it('a changed name or language lands in the audit log with before and after', async () => {
    const { client, session } = await signUp(ctx.app, 'enterprise');
    expect((await client.patch('/api/auth/me', { fullName: 'Aliya Renamed', locale: 'kk' })).status).toBe(200);
    const [entry] = await ctx.db.select().from(auditLog).where(eq(auditLog.action, 'user.profile_updated')).then((rows) => rows.filter((row) => row.entityId === session.user.id));
    expect(entry.changes).toMatchObject({ after: { fullName: 'Aliya Renamed', locale: 'kk' } });
    expect((entry.changes as { before: { fullName: string } }).before.fullName).not.toBe('Aliya Renamed');
  });

  it('PATCH /api/auth/me still refuses an e-mail field', async () => {
    const { client } = await signUp(ctx.app, 'enterprise');
    const response = await client.patch('/api/auth/me', { email: 'sneaky@example.kz' });
    expect(response.status).toBe(400);
  });

  it('an API token has no personal account to change', async () => {
    const { client } = await signUp(ctx.app, 'enterprise');
    const token = (await client.post('/api/tokens', { name: 'erp' })).body.token as string;
    const response = await createClient(ctx.app, { bearer: token }).post('/api/auth/me/email', { email: 'erp@example.kz', currentPassword: 'whatever-password' });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('auth.forbidden');
  });
});

describe('changing the password', () => {
  it('needs the current password', async () => {
    const { client } = await signUp(ctx.app, 'enterprise');
    const response = await client.post('/api/auth/me/password', { currentPassword: 'not my password', newPassword: 'granite lantern orbit' });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('auth.wrong_password');
  });

  it('refuses a weak new password with auth.weak_password', async () => {
    const { client, credentials } = await signUp(ctx.app, 'enterprise');
    const response = await client.post('/api/auth/me/password', { currentPassword: credentials.password, newPassword: '1111111111' });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('auth.weak_password');
  });

  it("sets the new password, keeps this session, ends the person's other sessions and is audited", async () => {
    const { client, credentials, session } = await signUp(ctx.app, 'institute');
    const other = await signInElsewhere(credentials);
    expect((await other.client.session()).body.user.id).toBe(session.user.id);

    const response = await client.post('/api/auth/me/password', { currentPassword: credentials.password, newPassword: 'granite lantern orbit' });
    expect(response.status).toBe(200);
    expect((await client.session()).body.user.id).toBe(session.user.id);
    expect((await other.client.session()).body.user).toBeNull();
    expect((await signInElsewhere(credentials)).status).toBe(401);
    expect((await signInElsewhere({ email: credentials.email, password: 'granite lantern orbit' })).status).toBe(200);

    const audit = (await auditRowsFor(session.user.id)).find((row) => row.action === 'user.password_changed');
    expect(audit?.changes).toEqual({ endedSessions: 1 });
    expect(JSON.stringify(audit)).not.toMatch(/granite|correct horse|argon2/);
  });
});
