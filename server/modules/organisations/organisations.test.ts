import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { organisations } from './organisations.table.ts';
import { createTestContext, type TestContext } from '../../../tests/helpers/test-app.ts';
import { acceptAsNewcomer, createClient, inviteByEmail, signUp } from '../../../tests/helpers/test-client.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe('organisations and members', () => {
  it('the old attach-by-e-mail route is gone: owners invite instead', async () => {
    const { client: owner, session } = await signUp(ctx.app, 'enterprise');
    const attach = await owner.post(`/api/organisations/${session.organisation.id}/members`, { email: 'x@example.kz', fullName: 'X Y' });
    expect(attach.status).toBe(400);
    expect((await owner.request('POST', `/api/organisations/${session.organisation.id}/members`)).status).toBe(404);
  });

  it('the last owner cannot be removed; an invited member can', async () => {
    const { client: owner, session } = await signUp(ctx.app, 'enterprise');
    const orgId = session.organisation.id;
    const lastOwner = await owner.delete(`/api/organisations/${orgId}/members/${session.user.id}`);
    expect(lastOwner.status).toBe(409);
    expect(lastOwner.body.error.code).toBe('organisations.last_owner');
    const { token } = await inviteByEmail(ctx.app, owner, orgId, `temp-${Date.now()}@example.kz`);
    const member = await acceptAsNewcomer(ctx.app, token, 'Temp Member');
    expect((await owner.delete(`/api/organisations/${orgId}/members/${member.session.user.id}`)).status).toBe(200);
    expect((await owner.get(`/api/organisations/${orgId}/members`)).body).toHaveLength(1);
    // Removed, they act for no organisation any more.
    expect((await member.client.get('/api/auth/session')).body.organisation).toBeNull();
  });

  it('an owner edits the organisation; the page is public', async () => {
    const { client: owner, session } = await signUp(ctx.app, 'enterprise');
    const orgId = session.organisation.id;
    const updated = await owner.patch(`/api/organisations/${orgId}`, { city: 'Балхаш', region: 'karaganda', website: 'https://example.kz' });
    expect(updated.body).toMatchObject({ city: 'Балхаш', region: 'karaganda' });
    const visitor = createClient(ctx.app);
    const page = await visitor.get(`/api/organisations/${orgId}`);
    expect(page.body).toMatchObject({ id: orgId, kind: 'enterprise', city: 'Балхаш' });
    // The importer's id is the organisation's own bookkeeping: a visitor does not get it, its members do.
    await ctx.db.update(organisations).set({ externalId: `erp-${orgId}` }).where(eq(organisations.id, orgId));
    expect((await visitor.get(`/api/organisations/${orgId}`)).body.externalId).toBeNull();
    expect((await owner.get(`/api/organisations/${orgId}`)).body.externalId).toBe(`erp-${orgId}`);
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
