// A partnership is public only when both parties allow it: the flag travels in the negotiated terms
// (real WebSocket offers and accepts), defaults to public for state and fund money, and decides
// what the public API, its open data and its figures show. A change request can switch it later.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestContext, type TestContext } from '../../../tests/helpers/test-app.ts';
import { createClient, type TestClient } from '../../../tests/helpers/test-client.ts';
import { connectRoomSocket, createNegotiation, signUpParty, type Party, type RoomSocket } from '../../../tests/helpers/negotiation.ts';
import { parseCsv } from '../../../tests/helpers/csv.ts';
import type { Terms } from '../../../shared/schemas/terms.ts';
import type { PublicOpenData, PublicStats } from '../../../shared/schemas/public.ts';
import { auditLog } from '../audit/audit.table.ts';

let ctx: TestContext;
let baseUrl: string;
let enterprise: Party;
let institute: Party;
let visitor: TestClient;
const sockets: RoomSocket[] = [];
const M = 1_000_000;

beforeAll(async () => {
  ctx = await createTestContext();
  baseUrl = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  enterprise = await signUpParty(ctx.app, baseUrl, 'enterprise');
  institute = await signUpParty(ctx.app, baseUrl, 'institute');
  visitor = createClient(ctx.app);
});
afterAll(async () => {
  for (const socket of sockets) socket.socket.terminate();
  await ctx.close();
});

async function connect(party: Party) {
  const socket = await connectRoomSocket(baseUrl, { cookie: party.cookie });
  sockets.push(socket);
  return socket;
}

/** Writes a frame and expects it acknowledged. */
async function sendAndAwait(socket: RoomSocket, frame: { clientMsgId: string } & Record<string, unknown>) {
  const reply = await socket.write(frame);
  expect(reply, JSON.stringify(reply)).toMatchObject({ type: 'ack' });
}

/**
 * Negotiates to agreement over real sockets: the institute offers version 2 (`offer` applied to the
 * opening terms), then both sides accept it. Returns the partnership's id and the agreed terms.
 */
async function agree(offer: (terms: Terms) => Terms) {
  const room = await createNegotiation(ctx.app, baseUrl, { enterprise, institute });
  const opening = (await enterprise.client.get(`/api/negotiations/${room.negotiationId}`)).body.latestTerms as Terms;
  const [enterpriseSocket, instituteSocket] = [await connect(enterprise), await connect(institute)];
  await enterpriseSocket.subscribe(room.negotiationId);
  await instituteSocket.subscribe(room.negotiationId);
  const id = room.negotiationId;
  await sendAndAwait(instituteSocket, { type: 'offer', negotiationId: id, clientMsgId: `offer-${id}`, terms: offer(opening) });
  await sendAndAwait(enterpriseSocket, { type: 'accept', negotiationId: id, clientMsgId: `e-accept-${id}`, version: 2 });
  await sendAndAwait(instituteSocket, { type: 'accept', negotiationId: id, clientMsgId: `i-accept-${id}`, version: 2 });
  const agreed = await instituteSocket.waitFor((frame) => frame.type === 'event' && frame.kind === 'agreed');
  const payload = agreed.type === 'event' ? agreed.payload : {};
  return { partnershipId: payload.partnershipId as string, terms: payload.terms as Terms };
}

/** Everything a visitor can read about partnerships, reduced to the identifiers and the totals. */
async function whatThePublicSees() {
  const list = await visitor.get('/api/public/partnerships?pageSize=100');
  const json = (await visitor.get('/api/public/partnerships.json')).body as PublicOpenData;
  const csv = await ctx.app.inject({ method: 'GET', url: '/api/public/partnerships.csv' });
  const stats = (await visitor.get('/api/public/stats')).body as PublicStats;
  expect([list.status, csv.statusCode]).toEqual([200, 200]);
  const [header, ...records] = parseCsv(csv.body.replace(/^\uFEFF/, ''));
  const identifierColumn = header.indexOf('Identifier');
  return {
    list: (list.body.items as { identifier: string }[]).map((item) => item.identifier),
    json: json.grants.map((grant) => grant.identifier),
    csv: records.map((record) => record[identifierColumn]),
    totals: stats.totals,
  };
}
const identifierOf = (id: string) => `KZ-KOPIR-${id}`;

const withoutStateMoney = (terms: Terms): Terms => ({ ...terms, cofinancing: [{ source: 'enterprise', amountKzt: 108 * M }, { source: 'institute_inkind', amountKzt: 12 * M }] });

describe('public disclosure on the agreement', () => {
  it('state money is public by default, but not when both sides agreed to keep the partnership private', async () => {
    const before = await whatThePublicSees();
    // The proposal has 36 M of state-programme money; the agreed version switches publication off.
    const { partnershipId, terms } = await agree((opening) => ({ ...opening, publicDisclosure: false }));
    expect(terms.publicDisclosure).toBe(false);
    const partnership = await enterprise.client.get(`/api/partnerships/${partnershipId}`);
    expect(partnership.body.isPublic).toBe(false);

    const after = await whatThePublicSees();
    for (const view of [after.list, after.json, after.csv]) expect(view).not.toContain(identifierOf(partnershipId));
    expect(after.totals).toEqual(before.totals);
  });

  it('enterprise money alone is private by default, and public when both sides allow it', async () => {
    const before = await whatThePublicSees();
    const privateByDefault = await agree(withoutStateMoney);
    expect((await enterprise.client.get(`/api/partnerships/${privateByDefault.partnershipId}`)).body.isPublic).toBe(false);
    const published = await agree((opening) => ({ ...withoutStateMoney(opening), publicDisclosure: true }));

    const after = await whatThePublicSees();
    for (const view of [after.list, after.json, after.csv]) {
      expect(view).toContain(identifierOf(published.partnershipId));
      expect(view).not.toContain(identifierOf(privateByDefault.partnershipId));
    }
    expect(after.totals).toEqual({ partnerships: before.totals.partnerships + 1, plannedKzt: before.totals.plannedKzt + 120 * M, disbursedKzt: before.totals.disbursedKzt });
  });

  it('an offer that leaves the choice out keeps the one before it', async () => {
    const room = await createNegotiation(ctx.app, baseUrl, { enterprise, institute });
    const opening = (await enterprise.client.get(`/api/negotiations/${room.negotiationId}`)).body.latestTerms as Terms;
    const socket = await connect(institute);
    await socket.subscribe(room.negotiationId);
    await sendAndAwait(socket, { type: 'offer', negotiationId: room.negotiationId, clientMsgId: 'private', terms: { ...opening, publicDisclosure: false } });
    const { publicDisclosure: _left, ...silent } = opening;
    await sendAndAwait(socket, { type: 'offer', negotiationId: room.negotiationId, clientMsgId: 'silent', terms: { ...silent, publicationDelayDays: 120 } });
    const state = await enterprise.client.get(`/api/negotiations/${room.negotiationId}`);
    expect(state.body).toMatchObject({ latestVersion: 3, latestTerms: { publicationDelayDays: 120, publicDisclosure: false } });
  });

  it('a change request both sides accept publishes a private partnership, and the public figures follow', async () => {
    const { partnershipId, terms } = await agree((opening) => ({ ...opening, publicDisclosure: false }));
    const before = await whatThePublicSees();
    const proposed = await institute.client.post(`/api/partnerships/${partnershipId}/change-requests`, { terms: { ...terms, publicDisclosure: true }, reason: 'The ministry asks for the results to be published.' });
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(200);
    const request = proposed.body.changeRequests[0];
    expect(request.changes).toEqual([{ field: '/publicDisclosure', before: false, after: true }]);
    // Proposed is not agreed: still private.
    expect((await whatThePublicSees()).list).not.toContain(identifierOf(partnershipId));

    const accepted = await enterprise.client.post(`/api/partnerships/${partnershipId}/change-requests/${request.id}/accept`, {});
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body.isPublic).toBe(true);
    const after = await whatThePublicSees();
    for (const view of [after.list, after.json, after.csv]) expect(view).toContain(identifierOf(partnershipId));
    expect(after.totals).toEqual({ partnerships: before.totals.partnerships + 1, plannedKzt: before.totals.plannedKzt + 120 * M, disbursedKzt: before.totals.disbursedKzt });

    const [entry] = await ctx.db.select().from(auditLog).where(and(eq(auditLog.entityId, partnershipId), eq(auditLog.action, 'partnership.change.accept')));
    expect(entry.changes).toMatchObject({ before: { isPublic: false }, after: { isPublic: true } });
  });
});
