// Password reset by e-mail, read from a real SMTP server on a local port.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestContext, type TestContext } from '../../../tests/helpers/test-app.ts';
import { createClient, signUp } from '../../../tests/helpers/test-client.ts';
import { startSmtpInbox, type SmtpInbox } from '../../../tests/helpers/smtp-inbox.ts';
import { passwordResets } from './password-resets.table.ts';
import { auditLog } from '../audit/audit.table.ts';
import { hashToken } from './auth.tokens.ts';

let ctx: TestContext;
let smtp: SmtpInbox;
const RATE_LIMIT = 6;

beforeAll(async () => {
  smtp = await startSmtpInbox();
  // app.inject comes from 127.0.0.1: trusted as a proxy, so each test can be its own client address.
  ctx = await createTestContext({ smtp: { url: smtp.url, from: 'Kopir <no-reply@kopir.test>' }, publicUrl: 'https://kopir.example', signInRateLimit: RATE_LIMIT, trustProxy: ['127.0.0.1'] });
});
afterAll(async () => {
  await ctx.close();
  await smtp.close();
});

let addressSequence = 0;

/** A fresh client at a new address: the limits are per client address and would add up across tests. */
async function visitor() {
  const client = createClient(ctx.app);
  await client.session();
  const address = `198.51.100.${++addressSequence}`;
  return { post: (url: string, body: unknown) => client.post(url, body, { 'x-forwarded-for': address }) };
}

async function requestReset(email: string) {
  const mailsBefore = smtp.inbox.length;
  const response = await (await visitor()).post('/api/auth/password-reset', { email });
  return { response, mailsBefore };
}

function tokenFrom(body: string): string {
  const match = /https:\/\/kopir\.example\/reset-password\?token=([A-Za-z0-9_-]+)/.exec(body);
  if (!match) throw new Error(`no reset link in: ${body}`);
  return match[1];
}

async function signInStatus(email: string, password: string) {
  return (await (await visitor()).post('/api/auth/sign-in', { email, password })).status;
}

describe('password reset by e-mail', () => {
  it('answers the same 202 for an unknown address and sends nothing', async () => {
    const { response, mailsBefore } = await requestReset('nobody-here@example.kz');
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ accepted: true });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(smtp.inbox.slice(mailsBefore).filter((mail) => mail.to.includes('nobody-here@example.kz'))).toEqual([]);
  });

  it('mails a link in the person’s language; the link sets a new password once and ends every session', async () => {
    const { client, credentials, session } = await signUp(ctx.app, 'enterprise', { locale: 'en' });
    const { response, mailsBefore } = await requestReset(credentials.email.toUpperCase());
    expect(response.status).toBe(202);
    expect(response.body).toEqual({ accepted: true });
    const mail = await smtp.nextMailTo(credentials.email, mailsBefore);
    expect(mail.subject).toBe('Kopir: reset your password');
    const token = tokenFrom(mail.body);

    // Only the hash is stored, and the link is valid for about an hour.
    const [row] = await ctx.db.select().from(passwordResets).where(eq(passwordResets.userId, session.user.id));
    expect(row.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeGreaterThan(59 * 60_000);
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeLessThanOrEqual(60 * 60_000 + 1000);

    const weak = await (await visitor()).post('/api/auth/password-reset/confirm', { token, password: 'aaaaaaaaaaaa' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.code).toBe('auth.weak_password');

    // A refused password does not use the link up.
    const confirmed = await (await visitor()).post('/api/auth/password-reset/confirm', { token, password: 'quartz meadow lantern' });
    expect(confirmed.status).toBe(200);
    expect((await client.session()).body.user).toBeNull();
    expect(await signInStatus(credentials.email, credentials.password)).toBe(401);
    expect(await signInStatus(credentials.email, 'quartz meadow lantern')).toBe(200);

    const again = await (await visitor()).post('/api/auth/password-reset/confirm', { token, password: 'another fine passphrase' });
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('auth.reset_token_invalid');

    const actions = (await ctx.db.select().from(auditLog).where(eq(auditLog.entityId, session.user.id))).map((entry) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(['user.password_reset_requested', 'user.password_reset']));
  });

  it('a newer request supersedes the older link', async () => {
    const { credentials } = await signUp(ctx.app, 'institute');
    const first = await requestReset(credentials.email);
    const oldToken = tokenFrom((await smtp.nextMailTo(credentials.email, first.mailsBefore)).body);
    const second = await requestReset(credentials.email);
    const newToken = tokenFrom((await smtp.nextMailTo(credentials.email, second.mailsBefore)).body);
    expect(newToken).not.toBe(oldToken);

    const old = await (await visitor()).post('/api/auth/password-reset/confirm', { token: oldToken, password: 'quartz meadow lantern' });
    expect(old.status).toBe(400);
    expect(old.body.error.code).toBe('auth.reset_token_invalid');
    expect((await (await visitor()).post('/api/auth/password-reset/confirm', { token: newToken, password: 'quartz meadow lantern' })).status).toBe(200);
  });

  it('an expired link is refused (expiry moved into the past in the database)', async () => {
    const { credentials, session } = await signUp(ctx.app, 'enterprise');
    const { mailsBefore } = await requestReset(credentials.email);
    const token = tokenFrom((await smtp.nextMailTo(credentials.email, mailsBefore)).body);
    await ctx.db.update(passwordResets).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(passwordResets.userId, session.user.id));
    const response = await (await visitor()).post('/api/auth/password-reset/confirm', { token, password: 'quartz meadow lantern' });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('auth.reset_token_invalid');
    expect(await signInStatus(credentials.email, credentials.password)).toBe(200);
  });

  it('an unknown link is refused', async () => {
    const response = await (await visitor()).post('/api/auth/password-reset/confirm', { token: 'x'.repeat(43), password: 'quartz meadow lantern' });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('auth.reset_token_invalid');
  });

  it('requests are rate-limited per client address, whatever address they name', async () => {
    const client = await visitor();
    const statuses: number[] = [];
    for (let attempt = 0; attempt < RATE_LIMIT + 1; attempt++) {
      statuses.push((await client.post('/api/auth/password-reset', { email: `someone-${attempt}@example.kz` })).status);
    }
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.slice(0, -1).every((status) => status === 202)).toBe(true);
  });
});
