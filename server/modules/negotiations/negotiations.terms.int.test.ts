// Term offers, acceptance and agreement over real WebSockets; concurrency on the room lock.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestContext, type TestContext } from '../../../tests/helpers/test-app.ts';
import { connectRoomSocket, createNegotiation, signUpParty, type Party, type RoomSocket } from '../../../tests/helpers/negotiation.ts';
import type { ServerFrame } from '../../../shared/schemas/negotiations.ts';
import type { Terms } from '../../../shared/schemas/terms.ts';
import { partnerships, partnershipTranches } from '../partnerships/partnerships.table.ts';

let ctx: TestContext;
let baseUrl: string;
let enterprise: Party;
let institute: Party;
const sockets: RoomSocket[] = [];

async function connect(party: Party) {
  const socket = await connectRoomSocket(baseUrl, { cookie: party.cookie });
  sockets.push(socket);
  return socket;
}


async function openRoom() {
  const room = await createNegotiation(ctx.app, baseUrl, { enterprise, institute });
  const opened = await enterprise.client.get(`/api/negotiations/${room.negotiationId}`);
  return { ...room, terms: opened.body.latestTerms as Terms };
}

const counter = (terms: Terms): Terms => ({
  ...terms,
  ipModel: 'institute_owns_exclusive_licence_option',
  milestones: [{ ...terms.milestones[0], amountKzt: 50_000_000 }, { ...terms.milestones[1], amountKzt: 70_000_000 }],
});

beforeAll(async () => {
  ctx = await createTestContext();
  baseUrl = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  enterprise = await signUpParty(ctx.app, baseUrl, 'enterprise');
  institute = await signUpParty(ctx.app, baseUrl, 'institute');
});
afterAll(async () => {
  for (const socket of sockets) socket.socket.terminate();
  await ctx.close();
});

describe('offers', () => {
  it('an offer becomes the next version with its diff against the previous one', async () => {
    const room = await openRoom();
    const socket = await connect(institute);
    await socket.subscribe(room.negotiationId);
    expect(await socket.write({ type: 'offer', negotiationId: room.negotiationId, clientMsgId: 'o-1', terms: counter(room.terms) })).toMatchObject({ type: 'ack', seq: 2 });
    const event = await socket.waitFor((frame) => frame.type === 'event' && frame.kind === 'offer');
    expect(event).toMatchObject({ payload: { version: 2, side: 'institute', terms: counter(room.terms) } });
    const diff = event.type === 'event' ? event.payload.diff : null;
    expect(diff).toHaveLength(3);
    expect(diff).toEqual(expect.arrayContaining([
      { field: '/milestones/0/amountKzt', before: 60_000_000, after: 50_000_000 },
      { field: '/milestones/1/amountKzt', before: 60_000_000, after: 70_000_000 },
      { field: '/ipModel', before: 'institute_owns_nonexclusive_licence', after: 'institute_owns_exclusive_licence_option' },
    ]));
    const state = await enterprise.client.get(`/api/negotiations/${room.negotiationId}`);
    expect(state.body).toMatchObject({ latestVersion: 2, latestTerms: counter(room.terms), side: 'enterprise', accepted: { enterprise: null, institute: null } });
  });

  it('terms that break the money rules are refused with terms.invalid and every issue, and make no version', async () => {
    const room = await openRoom();
    const socket = await connect(enterprise);
    const broken = { ...room.terms, totalBudgetKzt: room.terms.totalBudgetKzt + 1 };
    const refused = await socket.write({ type: 'offer', negotiationId: room.negotiationId, clientMsgId: 'bad', terms: broken });
    expect(refused).toMatchObject({ type: 'error', code: 'terms.invalid', clientMsgId: 'bad', details: { issues: [{ path: '/totalBudgetKzt' }, { path: '/cofinancing' }] } });
    expect((await enterprise.client.get(`/api/negotiations/${room.negotiationId}`)).body).toMatchObject({ latestVersion: 1, lastSeq: 1 });
  });
});

describe('dates in offers', () => {
  it('an offer starting in year 0000 or due in 9999 is an invalid frame naming the field, not a stored version', async () => {
    const room = await openRoom();
    const socket = await connect(institute);
    await socket.subscribe(room.negotiationId);
    const early = await socket.write({ type: 'offer', negotiationId: room.negotiationId, clientMsgId: 'year-0', terms: { ...room.terms, startDate: '0000-01-01' } });
    expect(early).toMatchObject({ type: 'error', code: 'invalid_frame' });
    expect(JSON.stringify(early)).toContain('startDate');
    const late = { ...room.terms, milestones: [room.terms.milestones[0], { ...room.terms.milestones[1], dueDate: '9999-12-31' }] };
    expect(await socket.write({ type: 'offer', negotiationId: room.negotiationId, clientMsgId: 'year-9999', terms: late })).toMatchObject({ type: 'error', code: 'invalid_frame' });
    expect((await enterprise.client.get(`/api/negotiations/${room.negotiationId}`)).body.latestVersion).toBe(1);
  });
});

describe('acceptance and agreement', () => {
  it('accepting an older version answers stale_version; a version that does not exist, unknown_version', async () => {
    const room = await openRoom();
    const socket = await connect(enterprise);
    await socket.write({ type: 'offer', negotiationId: room.negotiationId, clientMsgId: 'v2', terms: counter(room.terms) });
    expect(await socket.write({ type: 'accept', negotiationId: room.negotiationId, clientMsgId: 'a-old', version: 1 })).toMatchObject({ type: 'error', code: 'stale_version', details: { version: 1, latestVersion: 2 } });
    expect(await socket.write({ type: 'accept', negotiationId: room.negotiationId, clientMsgId: 'a-future', version: 3 })).toMatchObject({ type: 'error', code: 'unknown_version' });
  });

  it('both sides accepting the same version agree in one step: agreed event, proposal agreed, one partnership with planned tranches', async () => {
    const room = await openRoom();
    const enterpriseSocket = await connect(enterprise);
    const instituteSocket = await connect(institute);
    await instituteSocket.subscribe(room.negotiationId);
    await instituteSocket.write({ type: 'offer', negotiationId: room.negotiationId, clientMsgId: 'v2', terms: counter(room.terms) });
    expect(await enterpriseSocket.write({ type: 'accept', negotiationId: room.negotiationId, clientMsgId: 'e-accept', version: 2 })).toMatchObject({ type: 'ack', seq: 3 });
    expect(await instituteSocket.write({ type: 'accept', negotiationId: room.negotiationId, clientMsgId: 'i-accept', version: 2 })).toMatchObject({ type: 'ack', seq: 4 });
    const agreed = await instituteSocket.waitFor((frame) => frame.type === 'event' && frame.kind === 'agreed');
    expect(agreed).toMatchObject({ seq: 5, authorId: null, payload: { version: 2, partnershipId: expect.any(String) } });
    const partnershipId = agreed.type === 'event' ? (agreed.payload.partnershipId as string) : '';

    const [partnership] = await ctx.db.select().from(partnerships).where(eq(partnerships.proposalId, room.proposalId));
    expect(partnership).toMatchObject({ id: partnershipId, negotiationId: room.negotiationId, termsVersion: 2, terms: counter(room.terms), totalBudgetKzt: 120_000_000 });
    const tranches = await ctx.db.select().from(partnershipTranches).where(eq(partnershipTranches.partnershipId, partnershipId));
    expect(tranches.reduce((total, tranche) => total + tranche.plannedAmountKzt, 0)).toBe(120_000_000);
    expect((await institute.client.get(`/api/proposals/${room.proposalId}`)).body.status).toBe('agreed');
    expect((await enterprise.client.get(`/api/negotiations/${room.negotiationId}`)).body).toMatchObject({ status: 'agreed', partnershipId, accepted: { enterprise: 2, institute: 2 } });
    // The terms are frozen: nothing more is written.
    expect(await enterpriseSocket.write({ type: 'message', negotiationId: room.negotiationId, clientMsgId: 'late', text: 'One more thing' })).toMatchObject({ type: 'error', code: 'closed' });
  });

  it('accepts arriving at once from both sides make exactly one partnership and one agreed event', async () => {
    for (let round = 0; round < 3; round++) {
      const room = await openRoom();
      const [enterpriseSocket, instituteSocket] = [await connect(enterprise), await connect(institute)];
      const outcomes = await Promise.all([
        enterpriseSocket.write({ type: 'accept', negotiationId: room.negotiationId, clientMsgId: 'race', version: 1 }),
        instituteSocket.write({ type: 'accept', negotiationId: room.negotiationId, clientMsgId: 'race', version: 1 }),
      ]);
      expect(outcomes.map((outcome) => outcome.type)).toEqual(['ack', 'ack']);
      const history = await enterprise.client.get(`/api/negotiations/${room.negotiationId}/events`);
      expect(history.body.items.map((event: { kind: string }) => event.kind)).toEqual(['opened', 'accept', 'accept', 'agreed']);
      expect(await ctx.db.select({ id: partnerships.id }).from(partnerships).where(eq(partnerships.proposalId, room.proposalId))).toHaveLength(1);
    }
  });
});

describe('withdrawing ends the room', () => {
  it('the institute withdraws its proposal; the enterprise declines it with the reason as the note', async () => {
    const byInstitute = await openRoom();
    const instituteSocket = await connect(institute);
    expect(await instituteSocket.write({ type: 'withdraw', negotiationId: byInstitute.negotiationId, clientMsgId: 'w', reason: 'The pilot plant is booked.' })).toMatchObject({ type: 'ack' });
    expect((await institute.client.get(`/api/proposals/${byInstitute.proposalId}`)).body).toMatchObject({ status: 'withdrawn', withdrawNote: 'The pilot plant is booked.' });
    expect((await institute.client.get(`/api/negotiations/${byInstitute.negotiationId}`)).body.status).toBe('ended');
    expect(await instituteSocket.write({ type: 'message', negotiationId: byInstitute.negotiationId, clientMsgId: 'after', text: 'Wait' })).toMatchObject({ type: 'error', code: 'closed' });

    const byEnterprise = await openRoom();
    const enterpriseSocket = await connect(enterprise);
    await enterpriseSocket.write({ type: 'withdraw', negotiationId: byEnterprise.negotiationId, clientMsgId: 'w', reason: 'Budget frozen this year.' });
    expect((await institute.client.get(`/api/proposals/${byEnterprise.proposalId}`)).body).toMatchObject({ status: 'declined', declineReasonCode: 'other', declineNote: 'Budget frozen this year.' });
  });

  it('a proposal withdrawn through the proposals API ends the room with an ended event', async () => {
    const room = await openRoom();
    expect((await institute.client.post(`/api/proposals/${room.proposalId}/withdraw`, { note: 'Changed plans.' })).status).toBe(200);
    const socket = await connect(enterprise);
    expect(await socket.write({ type: 'message', negotiationId: room.negotiationId, clientMsgId: 'x', text: 'Hello?' })).toMatchObject({ type: 'error', code: 'closed' });
    const history = await enterprise.client.get(`/api/negotiations/${room.negotiationId}/events`);
    expect(history.body.items.at(-1)).toMatchObject({ kind: 'ended', payload: { reason: 'proposal_withdrawn' } });
  });
});

describe('a clientMsgId names one write', () => {
  it('sent again it is answered with the original ack; used for a different write it is refused and nothing happens', async () => {
    const room = await openRoom();
    const socket = await connect(institute);
    await socket.subscribe(room.negotiationId);
    const first = await socket.write({ type: 'message', negotiationId: room.negotiationId, clientMsgId: 'same-id', text: 'Hello' });
    expect(first).toMatchObject({ type: 'ack', seq: 2 });
    expect(await socket.write({ type: 'message', negotiationId: room.negotiationId, clientMsgId: 'same-id', text: 'Hello' })).toMatchObject({ type: 'ack', seq: 2 });
    expect(await socket.write({ type: 'message', negotiationId: room.negotiationId, clientMsgId: 'same-id', text: 'Something else' })).toMatchObject({ type: 'error', code: 'client_msg_id_reused' });
    expect(await socket.write({ type: 'withdraw', negotiationId: room.negotiationId, clientMsgId: 'same-id', reason: 'We stop' })).toMatchObject({ type: 'error', code: 'client_msg_id_reused' });
    const accept = await institute.client.post(`/api/negotiations/${room.negotiationId}/accept`, { clientMsgId: 'same-id', version: 1 });
    expect([accept.status, accept.body.error.code]).toEqual([409, 'negotiations.client_msg_id_reused']);
    const after = await enterprise.client.get(`/api/negotiations/${room.negotiationId}`);
    expect(after.body.status).toBe('open');
    const history = await enterprise.client.get(`/api/negotiations/${room.negotiationId}/events?afterSeq=0`);
    expect(history.body.items.map((event: { kind: string }) => event.kind)).toEqual(['opened', 'message']);
  });
});

describe('concurrent writers', () => {
  it('four connections writing at once leave a gap-free seq with every clientMsgId exactly once', async () => {
    const room = await openRoom();
    const writers = [await connect(enterprise), await connect(institute), await connect(enterprise), await connect(institute)];
    const perWriter = 40;
    await Promise.all(writers.map(async (socket, writer) => {
      for (let index = 0; index < perWriter; index++) socket.send({ type: 'message', negotiationId: room.negotiationId, clientMsgId: `w${writer}-${index}`, text: `Writer ${writer}, message ${index}` });
      await socket.waitFor((frame: ServerFrame) => frame.type === 'ack' && frame.clientMsgId === `w${writer}-${perWriter - 1}`, 60_000);
    }));
    const history = await enterprise.client.get(`/api/negotiations/${room.negotiationId}/events?limit=500`);
    const seqs = history.body.items.map((event: { seq: number }) => event.seq);
    expect(seqs).toEqual(Array.from({ length: 1 + 4 * perWriter }, (_, index) => index + 1));
    const ids = history.body.items.slice(1).map((event: { clientMsgId: string }) => event.clientMsgId);
    expect(new Set(ids).size).toBe(4 * perWriter);
    // Each connection's own messages keep the order it sent them in.
    for (let writer = 0; writer < 4; writer++) {
      const own = ids.filter((id: string) => id.startsWith(`w${writer}-`)).map((id: string) => Number(id.split('-')[1]));
      expect(own).toEqual(Array.from({ length: perWriter }, (_, index) => index));
    }
  });
});
