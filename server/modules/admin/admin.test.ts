import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../tests/helpers/test-app.ts';
import { createClient, signUp, type TestClient } from '../../../tests/helpers/test-client.ts';
import { createUsersRepo } from '../users/users.repo.ts';
import { hashPassword } from '../auth/passwords.ts';

let ctx: TestContext;
let admin: TestClient;
let adminId: string;

async function signIn(email: string, password: string) {
  const client = createClient(ctx.app);
  await client.session();
  return { client, response: await client.post('/api/auth/sign-in', { email, password }) };
}

beforeAll(async () => {
  ctx = await createTestContext();
  const row = await createUsersRepo({ db: ctx.db }).insert({ email: 'root@example.kz', fullName: 'Platform Admin', passwordHash: await hashPassword('admin-password'), isPlatformAdmin: true });
  adminId = row.id;
  admin = (await signIn('root@example.kz', 'admin-password')).client;
});
afterAll(() => ctx.close());

describe('administering accounts', () => {
  it('an administrator searches accounts by e-mail or name and sees their organisation, page by page', async () => {
    const first = await signUp(ctx.app, 'enterprise', { fullName: 'Aigerim Searchable' });
    await signUp(ctx.app, 'institute', { fullName: 'Aigerim Searchable Two' });
    const byName = await admin.get('/api/admin/users?q=searchable&pageSize=1');
    expect(byName.status).toBe(200);
    expect(byName.body).toMatchObject({ total: 2, page: 1, pageSize: 1 });
    expect(byName.body.items).toHaveLength(1);
    const second = await admin.get('/api/admin/users?q=searchable&pageSize=1&page=2');
    expect(second.body.items).toHaveLength(1);
    expect(second.body.items[0].id).not.toBe(byName.body.items[0].id);

    const byEmail = await admin.get(`/api/admin/users?q=${encodeURIComponent(first.credentials.email.toUpperCase())}`);
    expect(byEmail.body.items).toEqual([
      expect.objectContaining({ email: first.credentials.email, fullName: 'Aigerim Searchable', isPlatformAdmin: false, disabledAt: null, organisation: expect.objectContaining({ id: first.session.organisation.id, role: 'owner', kind: 'enterprise' }) }),
    ]);
    expect(byEmail.body.items[0]).not.toHaveProperty('passwordHash');
    // A % in the search is a character, not a wildcard.
    expect((await admin.get('/api/admin/users?q=%25')).body.total).toBe(0);
  });

  it('a disabled account is signed out at once, cannot sign in, and its personal tokens stop; enabling restores it', async () => {
    const person = await signUp(ctx.app, 'enterprise');
    const token = await person.client.post('/api/tokens', { name: 'erp' });
    expect(token.status).toBe(201);
    const bearer = createClient(ctx.app, { bearer: token.body.token });
    expect((await bearer.get('/api/tokens')).status).toBe(403); // a member token, but it authenticates
    expect((await bearer.get('/api/tasks')).status).toBe(200);

    const missingReason = await admin.post(`/api/admin/users/${person.session.user.id}/disable`, {});
    expect(missingReason.status).toBe(400);
    const disabled = await admin.post(`/api/admin/users/${person.session.user.id}/disable`, { reason: 'Left the company' });
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ id: person.session.user.id, disabledReason: 'Left the company', disabledAt: expect.any(String) });

    expect((await person.client.get('/api/auth/session')).body.user).toBeNull();
    expect((await person.client.get(`/api/organisations/${person.session.organisation.id}/members`)).status).toBe(401);
    const signInAgain = await signIn(person.credentials.email, person.credentials.password);
    expect(signInAgain.response.status).toBe(403);
    expect(signInAgain.response.body.error.code).toBe('auth.account_disabled');
    // Without the password nothing is revealed: the usual answer.
    expect((await signIn(person.credentials.email, 'wrong password here')).response.status).toBe(401);
    const tokenUse = await bearer.get('/api/tasks');
    expect(tokenUse.status).toBe(401);

    const enabled = await admin.post(`/api/admin/users/${person.session.user.id}/enable`);
    expect(enabled.status).toBe(200);
    expect(enabled.body).toMatchObject({ disabledAt: null, disabledReason: null });
    expect((await signIn(person.credentials.email, person.credentials.password)).response.status).toBe(200);
    expect((await bearer.get('/api/tasks')).status).toBe(200);
  });

  it('an administrator cannot disable their own account; unknown accounts are 404', async () => {
    const self = await admin.post(`/api/admin/users/${adminId}/disable`, { reason: 'Testing myself' });
    expect(self.status).toBe(409);
    expect(self.body.error.code).toBe('users.cannot_disable_self');
    expect((await admin.get('/api/auth/session')).body.user.id).toBe(adminId);
    const missing = await admin.post('/api/admin/users/00000000-0000-4000-8000-000000000000/disable', { reason: 'Nobody' });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('users.not_found');
  });

  it('the audit log lists changes newest first, filtered by entity, actor, action and time, with the actor e-mail', async () => {
    const person = await signUp(ctx.app, 'institute');
    const before = new Date().toISOString();
    await admin.post(`/api/admin/users/${person.session.user.id}/disable`, { reason: 'Suspicious activity' });
    await admin.post(`/api/admin/users/${person.session.user.id}/enable`);

    const forUser = await admin.get(`/api/audit?entityType=user&entityId=${person.session.user.id}`);
    expect(forUser.status).toBe(200);
    expect(forUser.body.items.map((entry: { action: string }) => entry.action)).toEqual(['user.enable', 'user.disable', 'user.sign_up']);
    expect(forUser.body.items[1]).toMatchObject({ actorUserId: adminId, actorEmail: 'root@example.kz', changes: { reason: 'Suspicious activity' } });

    const byAdmin = await admin.get(`/api/audit?actorUserId=${adminId}&action=user.disable&from=${encodeURIComponent(before)}`);
    expect(byAdmin.body.items.map((entry: { entityId: string }) => entry.entityId)).toEqual([person.session.user.id]);
    const paged = await admin.get(`/api/audit?entityType=user&entityId=${person.session.user.id}&pageSize=2&page=2`);
    expect(paged.body).toMatchObject({ total: 3, page: 2 });
    expect(paged.body.items.map((entry: { action: string }) => entry.action)).toEqual(['user.sign_up']);
    const earlier = await admin.get(`/api/audit?entityId=${person.session.user.id}&to=${encodeURIComponent(before)}`);
    expect(earlier.body.items.map((entry: { action: string }) => entry.action)).toEqual(['user.sign_up']);
    expect((await admin.get('/api/audit?from=yesterday')).status).toBe(400);
  });

  it('only administrators see accounts and the audit log', async () => {
    const owner = await signUp(ctx.app, 'enterprise');
    expect((await owner.client.get('/api/admin/users')).status).toBe(403);
    expect((await owner.client.get('/api/audit')).status).toBe(403);
    expect((await owner.client.post(`/api/admin/users/${adminId}/disable`, { reason: 'Take over' })).status).toBe(403);
  });
});
