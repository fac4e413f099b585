import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../tests/helpers/test-app.ts';
import { createClient } from '../../../tests/helpers/test-client.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemoData } from './seed.ts';
import { seedDemoNegotiations } from './seed-negotiations.ts';

let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

async function signIn(email: string) {
  const client = createClient(ctx.app);
  await client.session();
  expect((await client.post('/api/auth/sign-in', { email, password: DEMO_PASSWORD })).status).toBe(200);
  return client;
}

describe('demo negotiation', () => {
  it('the demo accounts share one live room with a counter-offer waiting, seeded once however often the seed runs', async () => {
    await seedDemoData(ctx.db);
    await ctx.db.transaction((tx) => seedDemoNegotiations(ctx.db, tx, DEMO_ACCOUNTS));
    const enterprise = await signIn(DEMO_ACCOUNTS.enterprise);
    const rooms = await enterprise.get('/api/negotiations?mine=true');
    expect(rooms.body.items).toHaveLength(1);
    const [room] = rooms.body.items;
    expect(room).toMatchObject({ status: 'open', side: 'enterprise', latestVersion: 2, lastSeq: 4, accepted: { enterprise: null, institute: null } });
    expect(room.unread).toBeGreaterThan(0);
    const events = await enterprise.get(`/api/negotiations/${room.id}/events`);
    expect(events.body.items.map((event: { kind: string }) => event.kind)).toEqual(['opened', 'message', 'message', 'offer']);
    expect(events.body.items[3].payload.diff.length).toBeGreaterThan(0);
    const institute = await signIn(DEMO_ACCOUNTS.institute);
    expect((await institute.get(`/api/negotiations/${room.id}`)).body).toMatchObject({ side: 'institute', unread: 0 });
  }, 120_000);
});
