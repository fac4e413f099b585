// Live notifications over a real WebSocket to the app listening on a real port.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createTestContext, type TestContext } from '../../../tests/helpers/test-app.ts';
import { cookiesOf, publishableTaskBody, signInForCookie, signUp, type TestClient } from '../../../tests/helpers/test-client.ts';
import type { LiveMessage } from '../../../shared/schemas/alerts.ts';
import { SESSION_ENDED_CLOSE_CODE } from './notifications.live.ts';

let ctx: TestContext;
let baseUrl: string;
let enterprise: TestClient;
let watcher: TestClient;
let watcherCookie: string;
let watcherUserId: string;
let credentials: { email: string; password: string };

/** Opens a socket and collects its messages; resolves once it is open. */
function openSocket(headers: Record<string, string>) {
  const socket = new WebSocket(`${baseUrl.replace('http', 'ws')}/api/notifications/live`, { headers });
  const messages: LiveMessage[] = [];
  socket.on('message', (data) => messages.push(JSON.parse(data.toString())));
  const opened = new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { socket, messages, opened };
}

function refusalOf(headers: Record<string, string>) {
  return new Promise<number>((resolve, reject) => {
    const socket = new WebSocket(`${baseUrl.replace('http', 'ws')}/api/notifications/live`, { headers });
    // Handling this event makes aborting the handshake request our job (ws's documented contract).
    socket.once('unexpected-response', (request, response) => {
      resolve(response.statusCode ?? 0);
      request.destroy();
    });
    socket.on('error', () => undefined);
    socket.once('open', () => reject(new Error('the socket should have been refused')));
  });
}

beforeAll(async () => {
  ctx = await createTestContext();
  baseUrl = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  enterprise = (await signUp(ctx.app, 'enterprise')).client;
  const signedUp = await signUp(ctx.app, 'institute');
  watcher = signedUp.client;
  watcherUserId = signedUp.session.user.id;
  credentials = signedUp.credentials;
  watcherCookie = await signInForCookie(baseUrl, signedUp.credentials.email, signedUp.credentials.password);
  expect((await watcher.post('/api/saved-searches', { name: 'Selenium', query: { q: 'selenium' } })).status).toBe(201);
});
afterAll(() => ctx.close());

describe('GET /api/notifications/live', () => {
  it('says hello with the unread count, then pushes a notification when a matching task is published', async () => {
    const { socket, messages, opened } = openSocket({ cookie: watcherCookie });
    await opened;
    await expect.poll(() => messages).toEqual([{ type: 'hello', unread: 0 }]);
    expect(ctx.app.alerts.hub.countListeners(watcherUserId)).toBe(1);

    const created = await enterprise.post('/api/tasks', publishableTaskBody({ title: 'Selenium from anode slimes' }));
    await enterprise.post(`/api/tasks/${created.body.id}/status`, { status: 'published' });
    await ctx.app.indexer.drain();
    await ctx.app.alerts.service.whenIdle();

    await expect.poll(() => messages.length).toBe(2);
    expect(messages[1]).toMatchObject({
      type: 'notification',
      notification: { kind: 'task_match', subjectId: created.body.id, readAt: null, payload: { title: 'Selenium from anode slimes', reason: { kind: 'saved_search', name: 'Selenium' } } },
    });

    socket.close();
    await expect.poll(() => ctx.app.alerts.hub.countListeners(watcherUserId)).toBe(0);
  });

  it('the next connection counts what is still unread', async () => {
    const { socket, messages, opened } = openSocket({ cookie: watcherCookie });
    await opened;
    await expect.poll(() => messages).toEqual([{ type: 'hello', unread: 1 }]);
    socket.close();
  });

  it('stops pushing once the person signs out: the open socket is closed instead', async () => {
    const cookie = await signInForCookie(baseUrl, credentials.email, credentials.password);
    const { socket, messages, opened } = openSocket({ cookie });
    await opened;
    await expect.poll(() => messages.length).toBe(1);
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));

    const session = await fetch(`${baseUrl}/api/auth/session`, { headers: { cookie } });
    const { csrfToken } = (await session.json()) as { csrfToken: string };
    const csrfCookie = cookiesOf(session);
    const signOut = await fetch(`${baseUrl}/api/auth/sign-out`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: [cookie, csrfCookie].filter(Boolean).join('; '), 'x-csrf-token': csrfToken },
      body: '{}',
    });
    expect(signOut.status).toBe(200);

    const created = await enterprise.post('/api/tasks', publishableTaskBody({ title: 'Selenium refining after sign-out' }));
    await enterprise.post(`/api/tasks/${created.body.id}/status`, { status: 'published' });
    await ctx.app.indexer.drain();
    await ctx.app.alerts.service.whenIdle();

    expect(await closed).toBe(SESSION_ENDED_CLOSE_CODE);
    expect(messages.filter((message) => message.type === 'notification')).toHaveLength(0);
  });

  it('refuses a socket without a session, and one opened by another site’s page', async () => {
    expect(await refusalOf({})).toBe(401);
    expect(await refusalOf({ cookie: 'kopir_session=not-a-session' })).toBe(401);
    expect(await refusalOf({ cookie: watcherCookie, origin: 'https://evil.example' })).toBe(403);
    expect(await refusalOf({ authorization: 'Bearer kpr_wrong' })).toBe(401);
  });
});
