import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../tests/helpers/test-app.ts';
import { createClient, signUp } from '../../../tests/helpers/test-client.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe('organisations and members', () => {
  it('an owner adds a colleague, who signs in with the one-time password and acts for the organisation', async () => {
    const { client: owner, session } = await signUp(ctx.app, 'enterprise');
    const orgId = session.organisation.id;
    const added = await owner.post(`/api/organisations/${orgId}/members`, { email: 'Engineer@Example.kz', fullName: 'Process Engineer' });
    expect(added.status).toBe(201);
    expect(added.body.member).toMatchObject({ email: 'engineer@example.kz', role: 'member' });
    expect(added.body.temporaryPassword).toEqual(expect.any(String));

    const colleague = createClient(ctx.app);
    await colleague.session();
    const signedIn = await colleague.post('/api/auth/sign-in', { email: 'engineer@example.kz', password: added.body.temporaryPassword });
    expect(signedIn.body.organisation).toMatchObject({ id: orgId, role: 'member' });
    expect((await colleague.get(`/api/organisations/${orgId}/members`)).body).toHaveLength(2);
    // A plain member cannot add people.
    expect((await colleague.post(`/api/organisations/${orgId}/members`, { email: 'x@example.kz', fullName: 'X Y' })).status).toBe(403);
  });

  it('a person already in an organisation cannot be added to another', async () => {
    const first = await signUp(ctx.app, 'institute');
    const second = await signUp(ctx.app, 'institute');
    const response = await second.client.post(`/api/organisations/${second.session.organisation.id}/members`, { email: first.credentials.email, fullName: 'Someone' });
    expect(response.status).toBe(409);
    expect(response.body.error.code).toBe('users.already_member');
  });

  it('the last owner cannot be removed; a member can', async () => {
    const { client: owner, session } = await signUp(ctx.app, 'enterprise');
    const orgId = session.organisation.id;
    const lastOwner = await owner.delete(`/api/organisations/${orgId}/members/${session.user.id}`);
    expect(lastOwner.status).toBe(409);
    expect(lastOwner.body.error.code).toBe('organisations.last_owner');
    const added = await owner.post(`/api/organisations/${orgId}/members`, { email: 'temp@example.kz', fullName: 'Temp Member' });
    expect((await owner.delete(`/api/organisations/${orgId}/members/${added.body.member.userId}`)).status).toBe(200);
    expect((await owner.get(`/api/organisations/${orgId}/members`)).body).toHaveLength(1);
  });

  it('an owner edits the organisation; the page is public', async () => {
    const { client: owner, session } = await signUp(ctx.app, 'enterprise');
    const orgId = session.organisation.id;
    const updated = await owner.patch(`/api/organisations/${orgId}`, { city: 'Балхаш', region: 'karaganda', website: 'https://example.kz' });
    expect(updated.body).toMatchObject({ city: 'Балхаш', region: 'karaganda' });
    const visitor = createClient(ctx.app);
    const page = await visitor.get(`/api/organisations/${orgId}`);
    expect(page.body).toMatchObject({ id: orgId, kind: 'enterprise', city: 'Балхаш' });
    expect((await visitor.get('/api/organisations/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('institute members keep their profile', async () => {
    const { client, session } = await signUp(ctx.app, 'institute');
    const id = session.organisation.id;
    const updated = await client.patch(`/api/institutes/${id}`, {
      lang: 'kk',
      description: 'Тау-кен өндірісінің суларын тазарту, мембраналық технологиялар.',
      laboratories: [{ name: 'Су талдау зертханасы', accredited: true, equipment: ['ICP-MS', 'ион хроматографы'] }],
      keywords: ['шахта суы', 'мембрана'],
      priorityAreas: ['greentech'],
      city: 'Қарағанды',
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ lang: 'kk', city: 'Қарағанды', priorityAreas: ['greentech'] });
    const list = await createClient(ctx.app).get('/api/institutes?accreditedOnly=true&priorityArea=greentech');
    expect(list.body.items.find((item: { id: string }) => item.id === id)).toMatchObject({ laboratoryCount: 1, accreditedLaboratoryCount: 1 });
    const invalid = await client.patch(`/api/institutes/${id}`, { priorityAreas: ['alchemy'] });
    expect(invalid.status).toBe(400);
  });
});
