// Who may open a room socket, subscribe and write; presence, typing and read markers over real WebSockets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createTestContext, type TestContext } from '../../../tests/helpers/test-app.ts';
import { connectRoomSocket, createNegotiation, signInForCookie, signUpParty, type Party, type RoomSocket } from '../../../tests/helpers/negotiation.ts';
import { uniqueBin } from '../../../tests/helpers/test-client.ts';
import { createOrganisationsService } from '../organisations/organisations.service.ts';
import { createOrganisationsRepo } from '../organisations/organisations.repo.ts';
import { createUsersRepo } from '../users/users.repo.ts';
import { eq } from 'drizzle-orm';
import { createTokensService } from '../tokens/tokens.service.ts';
import { apiTokens } from '../tokens/tokens.table.ts';
import { hashPassword } from '../auth/passwords.ts';
import { ANONYMOUS } from '../auth/auth-context.ts';
import { SESSION_ENDED_CLOSE_CODE, type ServerFrame } from '../../../shared/schemas/negotiations.ts';

let ctx: TestContext;
let baseUrl: string;
let room: Awaited<ReturnType<typeof createNegotiation>>;
let stranger: Party;
let programOfficeCookie: string;
const sockets: RoomSocket[] = [];

async function connect(headers: Record<string, string>) {
  const socket = await connectRoomSocket(baseUrl, headers);
  sockets.push(socket);
  return socket;
}

function handshakeStatus(headers: Record<string, string>) {
  return new Promise<number>((resolve, reject) => {
    const socket = new WebSocket(`${baseUrl.replace('http', 'ws')}/ws`, { headers });
    socket.once('unexpected-response', (request, response) => {
      resolve(response.statusCode ?? 0);
      request.destroy();
    });
    socket.on('error', () => undefined);
    socket.once('open', () => reject(new Error('the handshake should have been refused')));
  });
}

const isError = (code: string) => (frame: ServerFrame) => frame.type === 'error' && frame.code === code;

beforeAll(async () => {
  ctx = await createTestContext();
  baseUrl = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  room = await createNegotiation(ctx.app, baseUrl);
  // A third organisation: an institute with no part in this room.
  stranger = await signUpParty(ctx.app, baseUrl, 'institute');
  const adminAuth = { ...ANONYMOUS, via: 'token' as const, isAdmin: true };
  const office = await createOrganisationsService({ db: ctx.db }).createOrganisation(adminAuth, { kind: 'program_office', name: 'Program office', bin: uniqueBin() });
  const officer = await createUsersRepo({ db: ctx.db }).insert({ email: 'officer-neg@example.kz', fullName: 'Officer', passwordHash: await hashPassword('program-office-pass') });
  await createOrganisationsRepo({ db: ctx.db }).addMember({ userId: officer.id, organisationId: office.id, role: 'owner' });
  programOfficeCookie = await signInForCookie(baseUrl, 'officer-neg@example.kz', 'program-office-pass');
});
afterAll(async () => {
  for (const socket of sockets) socket.socket.terminate();
  await ctx.close();
});

describe('the handshake', () => {
  it('refuses a visitor (401) and a cookie session from a foreign page (403)', async () => {
    expect(await handshakeStatus({})).toBe(401);
    expect(await handshakeStatus({ cookie: room.institute.cookie, origin: 'https://evil.example' })).toBe(403);
  });

  it('accepts an API token of a party in the Authorization header, which may then write', async () => {
    const systemActor = { userId: null, tokenId: null, label: 'test' };
    const issued = await createTokensService({ db: ctx.db }).issueToken({ name: 'erp', role: 'member', organisationId: room.enterprise.organisationId }, systemActor, null);
    const socket = await connect({ authorization: `Bearer ${issued.token}` });
    expect(await socket.subscribe(room.negotiationId)).toMatchObject({ type: 'subscribed' });
    socket.send({ type: 'message', negotiationId: room.negotiationId, clientMsgId: 'from-erp', text: 'Sent by our ERP' });
    expect(await socket.waitFor((frame) => frame.type === 'ack')).toMatchObject({ clientMsgId: 'from-erp' });
    expect(await socket.waitFor((frame) => frame.type === 'event' && frame.clientMsgId === 'from-erp')).toMatchObject({ authorId: null, kind: 'message' });
  });

  it('a token revoked while its socket is open writes nothing more: the next write closes the socket with 4401', async () => {
    const systemActor = { userId: null, tokenId: null, label: 'test' };
    const issued = await createTokensService({ db: ctx.db }).issueToken({ name: 'erp-2', role: 'member', organisationId: room.institute.organisationId }, systemActor, null);
    const socket = await connect({ authorization: `Bearer ${issued.token}` });
    await socket.subscribe(room.negotiationId);
    socket.send({ type: 'message', negotiationId: room.negotiationId, clientMsgId: 'erp-before', text: 'Still ours' });
    await socket.waitFor((frame) => frame.type === 'ack' && frame.clientMsgId === 'erp-before');
    // Revoked in the database directly: no second or HTTP request in between warns the socket.
    await ctx.db.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, issued.apiToken.id));
    socket.send({ type: 'message', negotiationId: room.negotiationId, clientMsgId: 'erp-after', text: 'Revoked by now' });
    expect((await socket.closed).code).toBe(SESSION_ENDED_CLOSE_CODE);
    const history = await room.enterprise.client.get(`/api/negotiations/${room.negotiationId}/events?limit=500`);
    expect(history.body.items.map((event: { clientMsgId: string | null }) => event.clientMsgId)).toContain('erp-before');
    expect(history.body.items.map((event: { clientMsgId: string | null }) => event.clientMsgId)).not.toContain('erp-after');
  });
});

describe('membership, checked on every subscribe and every write', () => {
  it('a third organisation cannot subscribe, read the history or post: the room does not exist for it', async () => {
    const socket = await connect({ cookie: stranger.cookie });
    expect(await socket.subscribe(room.negotiationId)).toMatchObject({ type: 'error', code: 'not_found', negotiationId: room.negotiationId });
    socket.send({ type: 'message', negotiationId: room.negotiationId, clientMsgId: 'intrude', text: 'Hello?' });
    expect(await socket.waitFor((frame) => isError('not_found')(frame) && frame.type === 'error' && frame.clientMsgId === 'intrude')).toBeTruthy();
    expect(socket.events(room.negotiationId)).toEqual([]);
    expect((await stranger.client.get(`/api/negotiations/${room.negotiationId}/events`)).status).toBe(404);
    const history = await room.institute.client.get(`/api/negotiations/${room.negotiationId}/events?limit=500`);
    expect(history.body.items.some((event: { clientMsgId: string | null }) => event.clientMsgId === 'intrude')).toBe(false);
  });

  it('a program office follows the room read-only: it subscribes, and its writes are refused with read_only', async () => {
    const socket = await connect({ cookie: programOfficeCookie });
    expect(await socket.subscribe(room.negotiationId)).toMatchObject({ type: 'subscribed' });
    expect(socket.events(room.negotiationId)[0]).toMatchObject({ seq: 1, kind: 'opened' });
    socket.send({ type: 'message', negotiationId: room.negotiationId, clientMsgId: 'office', text: 'May we comment?' });
    expect(await socket.waitFor(isError('read_only'))).toMatchObject({ clientMsgId: 'office' });
  });

  it('a signed-out session cannot go on: its socket is closed with 4401 at the next frame', async () => {
    const cookie = await signInForCookie(baseUrl, room.institute.credentials.email, room.institute.credentials.password);
    const socket = await connect({ cookie });
    await socket.subscribe(room.negotiationId);
    const session = await fetch(`${baseUrl}/api/auth/session`, { headers: { cookie } });
    const { csrfToken } = (await session.json()) as { csrfToken: string };
    const csrfCookie = session.headers.getSetCookie().map((value) => value.split(';')[0]).join('; ');
    const signOut = await fetch(`${baseUrl}/api/auth/sign-out`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: [cookie, csrfCookie].join('; '), 'x-csrf-token': csrfToken }, body: '{}' });
    expect(signOut.status).toBe(200);
    // The session is re-read at most once a second.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    socket.send({ type: 'message', negotiationId: room.negotiationId, clientMsgId: 'after-sign-out', text: 'Too late' });
    expect((await socket.closed).code).toBe(SESSION_ENDED_CLOSE_CODE);
    const history = await room.enterprise.client.get(`/api/negotiations/${room.negotiationId}/events?limit=500`);
    expect(history.body.items.some((event: { clientMsgId: string | null }) => event.clientMsgId === 'after-sign-out')).toBe(false);
  });
});

describe('presence, typing and read markers', () => {
  it('members see who is in the room, come and go', async () => {
    const enterprise = await connect({ cookie: room.enterprise.cookie });
    await enterprise.subscribe(room.negotiationId);
    await enterprise.waitFor((frame) => frame.type === 'presence' && frame.members.some((member) => member.userId === room.enterprise.userId));
    const institute = await connect({ cookie: room.institute.cookie });
    await institute.subscribe(room.negotiationId);
    const both = (frame: ServerFrame) => frame.type === 'presence' && frame.members.length === 2;
    expect(await enterprise.waitFor(both)).toMatchObject({
      members: expect.arrayContaining([{ userId: room.enterprise.userId, name: expect.any(String), side: 'enterprise' }, { userId: room.institute.userId, name: expect.any(String), side: 'institute' }]),
    });
    const seen = enterprise.frames.length;
    await institute.close();
    expect(await enterprise.waitFor((frame) => frame.type === 'presence' && frame.members.length === 1, 15_000, seen)).toMatchObject({ members: [{ userId: room.enterprise.userId }] });
  });

  it('typing is relayed to the others (not back to the typist), throttled, and never stored', async () => {
    const enterprise = await connect({ cookie: room.enterprise.cookie });
    const institute = await connect({ cookie: room.institute.cookie });
    await enterprise.subscribe(room.negotiationId);
    await institute.subscribe(room.negotiationId);
    const lastSeq = (await room.institute.client.get(`/api/negotiations/${room.negotiationId}`)).body.lastSeq;
    for (let index = 0; index < 5; index++) institute.send({ type: 'typing', negotiationId: room.negotiationId });
    expect(await enterprise.waitFor((frame) => frame.type === 'typing')).toEqual({ type: 'typing', negotiationId: room.negotiationId, userId: room.institute.userId, name: expect.any(String) });
    // A message after the typing frames: once it arrives, every typing notice sent before it has too.
    institute.send({ type: 'message', negotiationId: room.negotiationId, clientMsgId: 'after-typing', text: 'Done typing' });
    await enterprise.waitFor((frame) => frame.type === 'event' && frame.clientMsgId === 'after-typing');
    expect(enterprise.frames.filter((frame) => frame.type === 'typing')).toHaveLength(1);
    expect(institute.frames.filter((frame) => frame.type === 'typing')).toHaveLength(0);
    expect((await room.institute.client.get(`/api/negotiations/${room.negotiationId}`)).body.lastSeq).toBe(lastSeq + 1);
  });

  it('unread counts follow the read frames, per person and room', async () => {
    const before = await room.enterprise.client.get('/api/negotiations?mine=true');
    const mine = before.body.items.find((item: { id: string }) => item.id === room.negotiationId);
    expect(mine.unread).toBeGreaterThan(0);
    expect(before.body.totalUnread).toBe(mine.unread);
    const socket = await connect({ cookie: room.enterprise.cookie });
    socket.send({ type: 'read', negotiationId: room.negotiationId, seq: mine.lastSeq });
    await expect.poll(async () => (await room.enterprise.client.get('/api/negotiations?mine=true')).body.totalUnread).toBe(0);
  });
});
