import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestContext, type TestContext } from '../../../tests/helpers/test-app.ts';
import { acceptAsNewcomer, createClient, inviteByEmail, signUp } from '../../../tests/helpers/test-client.ts';
import { createUsersRepo } from '../users/users.repo.ts';
import { hashPassword } from '../auth/passwords.ts';
import { createAuditRepo } from '../audit/audit.repo.ts';
import { invitations } from './invitations.table.ts';

let ctx: TestContext;
let sequence = 0;
const uniqueEmail = (name: string) => `${name}-${++sequence}-${Math.random().toString(36).slice(2, 7)}@example.kz`;

async function createAccount(email: string, options: { admin?: boolean } = {}) {
  const user = await createUsersRepo({ db: ctx.db }).insert({ email, fullName: 'Existing Person', passwordHash: await hashPassword('existing-password'), isPlatformAdmin: options.admin ?? false });
  const client = createClient(ctx.app);
  await client.session();
  expect((await client.post('/api/auth/sign-in', { email, password: 'existing-password' })).status).toBe(200);
  return { user, client };
}

beforeAll(async () => {
  ctx = await createTestContext({ publicUrl: 'https://kopir.example' });
});
afterAll(() => ctx.close());

describe('invitations', () => {
  it('an owner invites by e-mail: a link to the public URL is mailed and only the token hash is stored', async () => {
    const { client: owner, session } = await signUp(ctx.app, 'enterprise');
    const email = uniqueEmail('engineer');
    const { invitation, token, mail } = await inviteByEmail(ctx.app, owner, session.organisation.id, email.replace('engineer', 'Engineer'));
    expect(invitation).toMatchObject({ email, role: 'member', invitedBy: session.user.fullName });
    expect(Math.abs(Date.parse(invitation.expiresAt) - Date.parse(invitation.createdAt) - 7 * 24 * 3600 * 1000)).toBeLessThan(5000);
    expect(mail.to).toBe(email);
    expect(mail.text).toContain(`https://kopir.example/invitations/${token}`);
    expect(mail.subject).toContain(session.organisation.name);
    const [row] = await ctx.db.select().from(invitations).where(eq(invitations.id, invitation.id));
    expect(JSON.stringify(row)).not.toContain(token);

    const pending = await owner.get(`/api/organisations/${session.organisation.id}/invitations`);
    expect(pending.status).toBe(200);
    expect(pending.body.map((item: { id: string }) => item.id)).toEqual([invitation.id]);
    expect(pending.body[0]).not.toHaveProperty('tokenHash');
  });

  it('the answer does not tell whether the address has an account, belongs to an admin or to another organisation', async () => {
    const { client: owner, session } = await signUp(ctx.app, 'institute');
    const other = await signUp(ctx.app, 'enterprise');
    const admin = await createAccount(uniqueEmail('admin'), { admin: true });
    const shapes = [];
    for (const email of [uniqueEmail('nobody'), other.credentials.email, admin.user.email]) {
      const response = await owner.post(`/api/organisations/${session.organisation.id}/invitations`, { email });
      expect(response.status).toBe(201);
      shapes.push(Object.keys(response.body).sort());
    }
    expect(new Set(shapes.map((keys) => keys.join())).size).toBe(1);
  });

  it('a person without an account sees the invitation, creates their account with the invited address and is signed in as a member', async () => {
    const { client: owner, session } = await signUp(ctx.app, 'enterprise');
    const email = uniqueEmail('newcomer');
    const { token } = await inviteByEmail(ctx.app, owner, session.organisation.id, email, 'owner');

    const visitor = createClient(ctx.app);
    const preview = await visitor.get(`/api/invitations/${token}`);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ organisation: { id: session.organisation.id, name: session.organisation.name, kind: 'enterprise' }, email, role: 'owner', accountExists: false });

    await visitor.session();
    const missing = await visitor.post(`/api/invitations/${token}/accept`, {});
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('invitations.account_details_required');

    // An invited account follows the same password rule as signing up; the invitation stays usable.
    const weak = await visitor.post(`/api/invitations/${token}/accept`, { fullName: 'New Owner', password: 'password1234', locale: 'kk' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.code).toBe('auth.weak_password');
    const accepted = await visitor.post(`/api/invitations/${token}/accept`, { fullName: 'New Owner', password: 'correct horse battery', locale: 'kk' });
    expect(accepted.status).toBe(201);
    expect(accepted.body.user).toMatchObject({ email, fullName: 'New Owner', isPlatformAdmin: false, locale: 'kk' });
    expect(accepted.body.organisation).toMatchObject({ id: session.organisation.id, role: 'owner' });
    expect((await visitor.get('/api/auth/session')).body.organisation).toMatchObject({ id: session.organisation.id });
    // They can sign in again with the password they chose.
    const again = createClient(ctx.app);
    await again.session();
    expect((await again.post('/api/auth/sign-in', { email, password: 'correct horse battery' })).status).toBe(200);

    // The link works once.
    const reused = await createClient(ctx.app).get(`/api/invitations/${token}`);
    expect(reused.status).toBe(410);
    expect(reused.body.error.code).toBe('invitations.used');
    expect((await owner.get(`/api/organisations/${session.organisation.id}/invitations`)).body).toEqual([]);
  });

  it('a signed-in person with the invited address and no organisation joins; someone with another address cannot', async () => {
    const { client: owner, session } = await signUp(ctx.app, 'institute');
    const invited = await createAccount(uniqueEmail('lone'));
    const stranger = await createAccount(uniqueEmail('stranger'));
    const { token } = await inviteByEmail(ctx.app, owner, session.organisation.id, invited.user.email);
    expect((await createClient(ctx.app).get(`/api/invitations/${token}`)).body.accountExists).toBe(true);

    const wrong = await stranger.client.post(`/api/invitations/${token}/accept`, {});
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.code).toBe('invitations.email_mismatch');

    // Someone holding the link cannot take over the existing account by sending a password.
    const visitor = createClient(ctx.app);
    await visitor.session();
    const takeover = await visitor.post(`/api/invitations/${token}/accept`, { fullName: 'Impostor', password: 'another password' });
    expect(takeover.status).toBe(409);
    expect(takeover.body.error.code).toBe('invitations.sign_in_first');

    const joined = await invited.client.post(`/api/invitations/${token}/accept`, {});
    expect(joined.status).toBe(200);
    expect(joined.body.organisation).toMatchObject({ id: session.organisation.id, kind: 'institute', role: 'member' });
    expect((await invited.client.get(`/api/organisations/${session.organisation.id}/members`)).status).toBe(200);
  });

  it('a person who already belongs to an organisation cannot join another one', async () => {
    const { client: owner, session } = await signUp(ctx.app, 'enterprise');
    const other = await signUp(ctx.app, 'enterprise');
    const { token } = await inviteByEmail(ctx.app, owner, session.organisation.id, other.credentials.email);
    const response = await other.client.post(`/api/invitations/${token}/accept`, {});
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('users.already_member');
    expect((await other.client.get('/api/auth/session')).body.organisation.id).toBe(other.session.organisation.id);
  });

  it('a platform administrator account can never join an organisation through an invitation', async () => {
    const { client: owner, session } = await signUp(ctx.app, 'enterprise');
    const admin = await createAccount(uniqueEmail('root'), { admin: true });
    const { token } = await inviteByEmail(ctx.app, owner, session.organisation.id, admin.user.email, 'owner');
    const signedIn = await admin.client.post(`/api/invitations/${token}/accept`, {});
    expect(signedIn.status).toBe(403);
    expect(signedIn.body.error.code).toBe('invitations.admin_cannot_join');
    const visitor = createClient(ctx.app);
    await visitor.session();
    const asVisitor = await visitor.post(`/api/invitations/${token}/accept`, { fullName: 'Root', password: 'correct horse battery' });
    expect(asVisitor.status).toBe(403);
    expect(asVisitor.body.error.code).toBe('invitations.admin_cannot_join');
    expect((await owner.get(`/api/organisations/${session.organisation.id}/members`)).body).toHaveLength(1);
  });

  it('a revoked invitation no longer works, and a new one to the same address replaces the pending one', async () => {
    const { client: owner, session } = await signUp(ctx.app, 'enterprise');
    const orgId = session.organisation.id;
    const email = uniqueEmail('revoked');
    const first = await inviteByEmail(ctx.app, owner, orgId, email);
    const second = await inviteByEmail(ctx.app, owner, orgId, email);
    const replaced = await createClient(ctx.app).get(`/api/invitations/${first.token}`);
    expect(replaced.status).toBe(410);
    expect(replaced.body.error.code).toBe('invitations.revoked');

    expect((await owner.delete(`/api/organisations/${orgId}/invitations/${second.invitation.id}`)).status).toBe(200);
    expect((await owner.get(`/api/organisations/${orgId}/invitations`)).body).toEqual([]);
    const again = await owner.delete(`/api/organisations/${orgId}/invitations/${second.invitation.id}`);
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('invitations.not_found');
    const visitor = createClient(ctx.app);
    await visitor.session();
    const accept = await visitor.post(`/api/invitations/${second.token}/accept`, { fullName: 'Late Person', password: 'correct horse battery' });
    expect(accept.status).toBe(410);
    expect(accept.body.error.code).toBe('invitations.revoked');
    // Another organisation's owner cannot revoke it.
    const third = await inviteByEmail(ctx.app, owner, orgId, uniqueEmail('kept'));
    const other = await signUp(ctx.app, 'enterprise');
    expect((await other.client.delete(`/api/organisations/${orgId}/invitations/${third.invitation.id}`)).status).toBe(403);
  });

  it('an expired invitation answers 410 with its own code; an unknown token answers 404', async () => {
    const { client: owner, session } = await signUp(ctx.app, 'institute');
    const { invitation, token } = await inviteByEmail(ctx.app, owner, session.organisation.id, uniqueEmail('late'));
    await ctx.db.update(invitations).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(invitations.id, invitation.id));
    const expired = await createClient(ctx.app).get(`/api/invitations/${token}`);
    expect(expired.status).toBe(410);
    expect(expired.body.error.code).toBe('invitations.expired');
    expect((await owner.get(`/api/organisations/${session.organisation.id}/invitations`)).body).toEqual([]);
    const unknown = await createClient(ctx.app).get(`/api/invitations/${'x'.repeat(43)}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('invitations.not_found');
  });

  it('a member who is not an owner can neither invite nor see invitations', async () => {
    const { client: owner, session } = await signUp(ctx.app, 'enterprise');
    const { token } = await inviteByEmail(ctx.app, owner, session.organisation.id, uniqueEmail('plain'));
    const member = await acceptAsNewcomer(ctx.app, token);
    expect((await member.client.post(`/api/organisations/${session.organisation.id}/invitations`, { email: uniqueEmail('x') })).status).toBe(403);
    expect((await member.client.get(`/api/organisations/${session.organisation.id}/invitations`)).status).toBe(403);
  });

  it('every step is in the audit log', async () => {
    const { client: owner, session } = await signUp(ctx.app, 'enterprise');
    const kept = await inviteByEmail(ctx.app, owner, session.organisation.id, uniqueEmail('audited'));
    const dropped = await inviteByEmail(ctx.app, owner, session.organisation.id, uniqueEmail('dropped'));
    await owner.delete(`/api/organisations/${session.organisation.id}/invitations/${dropped.invitation.id}`);
    const member = await acceptAsNewcomer(ctx.app, kept.token);
    const audit = createAuditRepo({ db: ctx.db });
    expect((await audit.listForEntity('invitation', kept.invitation.id)).map((row) => row.action)).toEqual(['invitation.accept', 'invitation.create']);
    expect((await audit.listForEntity('invitation', dropped.invitation.id)).map((row) => row.action)).toEqual(['invitation.revoke', 'invitation.create']);
    const accepted = (await audit.listForEntity('invitation', kept.invitation.id))[0];
    expect(accepted.actorUserId).toBe(member.session.user.id);
    expect((await audit.listForEntity('user', member.session.user.id)).map((row) => row.action)).toContain('user.sign_up');
  });

  it('an invitation whose e-mail cannot be sent still stands, pending, so the owner can send it again', async () => {
    const { client: owner, session } = await signUp(ctx.app, 'enterprise');
    // SMTP is outside the project: a failing server is simulated by the mailer refusing.
    const send = vi.spyOn(ctx.app.mailer, 'send').mockRejectedValueOnce(new Error('SMTP down'));
    try {
      const response = await owner.post(`/api/organisations/${session.organisation.id}/invitations`, { email: uniqueEmail('unmailed') });
      expect(response.status).toBe(201);
    } finally {
      send.mockRestore();
    }
    expect((await owner.get(`/api/organisations/${session.organisation.id}/invitations`)).body).toHaveLength(1);
  });
});
