// Saved searches and the inbox over HTTP: each person sees and changes only their own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../tests/helpers/test-app.ts';
import { createClient, signUp, type TestClient } from '../../../tests/helpers/test-client.ts';
import { eq } from 'drizzle-orm';
import { auditLog } from '../audit/audit.table.ts';
import { createTokensService } from '../tokens/tokens.service.ts';
import { createNotificationsRepo } from './notifications.repo.ts';
import { SAVED_SEARCHES_MAX, type TaskMatchPayload } from '../../../shared/schemas/alerts.ts';

let ctx: TestContext;
let mine: TestClient;
let theirs: TestClient;
let visitor: TestClient;
let token: TestClient;
let myUserId: string;
let theirUserId: string;

beforeAll(async () => {
  ctx = await createTestContext();
  const me = await signUp(ctx.app, 'institute');
  mine = me.client;
  myUserId = me.session.user.id;
  const other = await signUp(ctx.app, 'institute');
  theirs = other.client;
  theirUserId = other.session.user.id;
  visitor = createClient(ctx.app);
  await visitor.session();
  const issued = await createTokensService({ db: ctx.db }).issueToken({ name: 'crm', role: 'member', organisationId: me.session.organisation.id }, { userId: null, tokenId: null, label: 'test' }, null);
  token = createClient(ctx.app, { bearer: issued.token });
});
afterAll(() => ctx.close());

const payloadFor = (title: string): TaskMatchPayload => ({
  taskId: crypto.randomUUID(), title, organisationName: 'Kazzinc', reason: { kind: 'saved_search', savedSearchId: crypto.randomUUID(), name: 'zinc' }, link: '/tasks/x',
});

async function giveNotification(userId: string, title: string) {
  const [row] = await createNotificationsRepo({ db: ctx.db }).insertNew([{ userId, kind: 'task_match', subjectId: crypto.randomUUID(), payload: payloadFor(title) }]);
  return row;
}

describe('saved searches', () => {
  it('a person saves, lists and deletes their own searches', async () => {
    const created = await mine.post('/api/saved-searches', { name: 'Selenium in Karaganda', query: { q: 'selenium', region: ['karaganda'], trlFrom: 4 } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.any(String), name: 'Selenium in Karaganda', query: { q: 'selenium', region: ['karaganda'], trlFrom: 4 } });
    const listed = await mine.get('/api/saved-searches');
    expect(listed.body.map((search: { id: string }) => search.id)).toContain(created.body.id);
    expect((await mine.delete(`/api/saved-searches/${created.body.id}`)).body).toEqual({ ok: true });
    expect((await mine.get('/api/saved-searches')).body).toEqual([]);
    const trail = await ctx.db.select().from(auditLog).where(eq(auditLog.entityId, created.body.id));
    expect(trail.map((row) => row.action).sort()).toEqual(['saved_search.create', 'saved_search.delete']);
  });

  it('another person neither sees nor deletes my search, and learns nothing from its id', async () => {
    const created = await mine.post('/api/saved-searches', { name: 'Flotation', query: { q: 'flotation' } });
    expect((await theirs.get('/api/saved-searches')).body).toEqual([]);
    const deleted = await theirs.delete(`/api/saved-searches/${created.body.id}`);
    expect(deleted.status).toBe(404);
    expect(deleted.body.error.code).toBe('saved_searches.not_found');
    expect((await mine.get('/api/saved-searches')).body).toHaveLength(1);
    await mine.delete(`/api/saved-searches/${created.body.id}`);
  });

  it('a visitor must sign in and an API token is turned away (it has no person to alert)', async () => {
    expect((await visitor.get('/api/saved-searches')).status).toBe(401);
    expect((await visitor.post('/api/saved-searches', { name: 'x', query: {} })).status).toBe(401);
    const byToken = await token.get('/api/saved-searches');
    expect(byToken.status).toBe(403);
    expect(byToken.body.error.code).toBe('auth.forbidden');
  });

  it('rejects a malformed query and stops at the limit', async () => {
    const bad = await mine.post('/api/saved-searches', { name: 'x', query: { region: ['atlantis'] } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation.failed');
    for (let i = 0; i < SAVED_SEARCHES_MAX; i += 1) expect((await mine.post('/api/saved-searches', { name: `s${i}`, query: {} })).status).toBe(201);
    const over = await mine.post('/api/saved-searches', { name: 'one too many', query: {} });
    expect(over.status).toBe(409);
    expect(over.body.error.code).toBe('saved_searches.limit_reached');
  });
});

describe('notifications', () => {
  it('lists only my own, newest first, with the unread count, and filters unread', async () => {
    const first = await giveNotification(myUserId, 'Zinc cake leaching');
    await giveNotification(myUserId, 'Cadmium removal');
    await giveNotification(theirUserId, 'Not for me');
    const page = await mine.get('/api/notifications?pageSize=10');
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ total: 2, unread: 2, page: 1, pageSize: 10 });
    expect(page.body.items.map((item: { payload: { title: string } }) => item.payload.title)).toEqual(['Cadmium removal', 'Zinc cake leaching']);

    const read = await mine.post(`/api/notifications/${first.id}/read`);
    expect(read.status).toBe(200);
    expect(read.body.readAt).toEqual(expect.any(String));
    const unread = await mine.get('/api/notifications?unreadOnly=true');
    expect(unread.body).toMatchObject({ total: 1, unread: 1 });
    expect(unread.body.items[0].payload.title).toBe('Cadmium removal');
  });

  it('nobody can mark or see another person’s notification', async () => {
    const theirsRow = await giveNotification(theirUserId, 'Private alert');
    const response = await mine.post(`/api/notifications/${theirsRow.id}/read`);
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('notifications.not_found');
    expect((await theirs.get('/api/notifications?unreadOnly=true')).body.unread).toBe(2);
  });

  it('marks all mine read and leaves others untouched', async () => {
    const result = await mine.post('/api/notifications/read-all');
    expect(result.body.updated).toBeGreaterThan(0);
    expect((await mine.get('/api/notifications')).body.unread).toBe(0);
    expect((await theirs.get('/api/notifications')).body.unread).toBe(2);
  });

  it('a visitor must sign in, a token is turned away, and plain HTTP to the live address asks for a WebSocket', async () => {
    expect((await visitor.get('/api/notifications')).status).toBe(401);
    expect((await visitor.post('/api/notifications/read-all')).status).toBe(401);
    expect((await visitor.get('/api/notifications/live')).status).toBe(401);
    expect((await token.get('/api/notifications')).status).toBe(403);
    const live = await mine.get('/api/notifications/live');
    expect(live.status).toBe(426);
    expect(live.body.error.code).toBe('notifications.websocket_required');
  });
});
