// The batched message appender on the real database: many rooms and writers in one statement.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { createTestContext, type TestContext } from '../../../tests/helpers/test-app.ts';
import { createNegotiation, signUpParty, type Party } from '../../../tests/helpers/negotiation.ts';
import { SESSION_COOKIE, hashToken } from '../auth/auth.tokens.ts';
import { sessions } from '../auth/sessions.table.ts';
import { createMessageAppender, type MessageToAppend } from './negotiations.append.ts';
import { createCredentialChecker } from './negotiations.credential.ts';
import { createTokensService } from '../tokens/tokens.service.ts';
import { apiTokens } from '../tokens/tokens.table.ts';
import { ANONYMOUS, type AuthContext } from '../auth/auth-context.ts';
import { negotiationEvents, negotiations } from './negotiations.table.ts';

let ctx: TestContext;
let baseUrl: string;
let enterprise: Party;
let institute: Party;

beforeAll(async () => {
  ctx = await createTestContext();
  baseUrl = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  enterprise = await signUpParty(ctx.app, baseUrl, 'enterprise');
  institute = await signUpParty(ctx.app, baseUrl, 'institute');
});
afterAll(() => ctx.close());

const sessionHashOf = (party: Party) => hashToken(new RegExp(`${SESSION_COOKIE}=([^;]+)`).exec(party.cookie)![1]);

const message = (negotiationId: string, party: Party, clientMsgId: string, overrides: Partial<MessageToAppend> = {}): MessageToAppend => ({
  negotiationId, organisationId: party.organisationId, authorKey: `user:${party.userId}`, authorId: party.userId, clientMsgId, text: `text of ${clientMsgId}`,
  at: new Date(), credential: { kind: 'session', hash: sessionHashOf(party) }, notify: null, ...overrides,
});

const historyOf = (negotiationId: string) =>
  ctx.db.select().from(negotiationEvents).where(eq(negotiationEvents.negotiationId, negotiationId)).orderBy(asc(negotiationEvents.seq));

describe('batched message appends', () => {
  it('messages for several rooms queued together get gap-free seqs per room, in the order they were queued', async () => {
    const rooms = await Promise.all([1, 2, 3].map(() => createNegotiation(ctx.app, baseUrl, { enterprise, institute })));
    const appender = createMessageAppender({ db: ctx.db, prepare: ctx.app.database.prepare });
    const queued = Array.from({ length: 60 }, (_, k) => message(rooms[k % 3].negotiationId, k % 2 ? institute : enterprise, `batch-${k}`));
    const outcomes = await Promise.all(queued.map((entry) => appender.append(entry)));
    expect(outcomes.every((outcome) => outcome.outcome === 'appended')).toBe(true);
    for (const room of rooms) {
      const history = await historyOf(room.negotiationId);
      expect(history.map((event) => event.seq)).toEqual(history.map((_, k) => k + 1));
      const texts = history.filter((event) => event.kind === 'message').map((event) => event.clientMsgId);
      expect(texts).toEqual(queued.filter((entry) => entry.negotiationId === room.negotiationId).map((entry) => entry.clientMsgId));
      const [row] = await ctx.db.select().from(negotiations).where(eq(negotiations.id, room.negotiationId));
      expect(row.lastSeq).toBe(history.length);
    }
  });

  it('one clientMsgId twice in a batch is written once; the copy answers with its seq, and the rest of the batch still lands', async () => {
    const room = await createNegotiation(ctx.app, baseUrl, { enterprise, institute });
    const appender = createMessageAppender({ db: ctx.db, prepare: ctx.app.database.prepare });
    const outcomes = await Promise.all([
      appender.append(message(room.negotiationId, institute, 'twice')),
      appender.append(message(room.negotiationId, enterprise, 'other-1')),
      appender.append(message(room.negotiationId, institute, 'twice')),
      appender.append(message(room.negotiationId, enterprise, 'other-2')),
    ]);
    const seqs = outcomes.map((outcome) => (outcome.outcome === 'appended' ? outcome.event.seq : outcome.outcome === 'repeated' ? outcome.seq : null));
    expect(outcomes.map((outcome) => outcome.outcome).sort()).toEqual(['appended', 'appended', 'appended', 'repeated']);
    expect(seqs[0]).toBe(seqs[2]);
    const history = await historyOf(room.negotiationId);
    expect(history.filter((event) => event.clientMsgId === 'twice')).toHaveLength(1);
    expect(history.map((event) => event.seq)).toEqual([1, 2, 3, 4]);
    // Sent again later, the same id still answers with the first seq and writes nothing.
    expect(await appender.append(message(room.negotiationId, institute, 'twice'))).toEqual({ outcome: 'repeated', seq: seqs[0] });
  });

  it('a signed-out session and a closed room are refused without holding back the others', async () => {
    const open = await createNegotiation(ctx.app, baseUrl, { enterprise, institute });
    const closed = await createNegotiation(ctx.app, baseUrl, { enterprise, institute });
    await ctx.db.update(negotiations).set({ status: 'ended' }).where(eq(negotiations.id, closed.negotiationId));
    const leaver = await signUpParty(ctx.app, baseUrl, 'institute');
    const leaverRoom = await createNegotiation(ctx.app, baseUrl, { enterprise, institute: leaver });
    await ctx.db.delete(sessions).where(eq(sessions.tokenHash, sessionHashOf(leaver)));
    const stranger = await signUpParty(ctx.app, baseUrl, 'institute');

    const appender = createMessageAppender({ db: ctx.db, prepare: ctx.app.database.prepare });
    const [fine, signedOut, toClosed, fromStranger] = await Promise.all([
      appender.append(message(open.negotiationId, institute, 'fine')),
      appender.append(message(leaverRoom.negotiationId, leaver, 'signed-out')),
      appender.append(message(closed.negotiationId, institute, 'to-closed')),
      appender.append(message(open.negotiationId, stranger, 'stranger')),
    ]);
    expect(fine).toMatchObject({ outcome: 'appended', event: { seq: 2 } });
    expect(signedOut).toEqual({ outcome: 'credential_changed' });
    expect(toClosed).toEqual({ outcome: 'not_simple' });
    expect(fromStranger).toEqual({ outcome: 'not_simple' });
    expect((await historyOf(leaverRoom.negotiationId)).map((event) => event.kind)).toEqual(['opened']);
    expect((await historyOf(closed.negotiationId)).map((event) => event.kind)).toEqual(['opened']);
    expect((await historyOf(open.negotiationId)).map((event) => event.clientMsgId)).toEqual([null, 'fine']);
  });
});

describe('heartbeat credential checks, batched', () => {
  const sessionAuth = (party: Party, isAdmin = false): AuthContext => ({
    ...ANONYMOUS, via: 'session', user: { id: party.userId, email: party.credentials.email, fullName: 'x', locale: 'ru', isPlatformAdmin: isAdmin },
    organisation: { id: party.organisationId, kind: 'institute', name: 'x', role: 'owner' }, isAdmin,
  });

  it('answers many sockets in one go: yes while nothing changed, no after sign-out, revocation, leaving or a changed platform role', async () => {
    const staying = await signUpParty(ctx.app, baseUrl, 'institute');
    const leaving = await signUpParty(ctx.app, baseUrl, 'institute');
    const other = await signUpParty(ctx.app, baseUrl, 'enterprise');
    const issued = await createTokensService({ db: ctx.db }).issueToken({ name: 'erp', role: 'member', organisationId: staying.organisationId }, { userId: null, tokenId: null, label: 'test' }, null);
    const tokenAuth: AuthContext = { ...ANONYMOUS, via: 'token', organisation: { id: staying.organisationId, kind: 'institute', name: 'x', role: 'member' }, tokenId: issued.apiToken.id };
    const token = { kind: 'token' as const, hash: hashToken(issued.token) };
    const checker = createCredentialChecker({ db: ctx.db, windowMs: 5 });
    const ask = () => Promise.all([
      checker.stillStands({ kind: 'session', hash: sessionHashOf(staying) }, sessionAuth(staying)),
      checker.stillStands({ kind: 'session', hash: sessionHashOf(leaving) }, sessionAuth(leaving)),
      checker.stillStands(token, tokenAuth),
      // The same session claiming another organisation, or a platform role it does not have.
      checker.stillStands({ kind: 'session', hash: sessionHashOf(staying) }, { ...sessionAuth(staying), organisation: { id: other.organisationId, kind: 'enterprise', name: 'x', role: 'owner' } }),
      checker.stillStands({ kind: 'session', hash: sessionHashOf(staying) }, sessionAuth(staying, true)),
    ]);
    expect(await ask()).toEqual([true, true, true, false, false]);
    await ctx.db.delete(sessions).where(eq(sessions.tokenHash, sessionHashOf(leaving)));
    await ctx.db.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, issued.apiToken.id));
    expect(await ask()).toEqual([true, false, false, false, false]);
    checker.close();
  });
});
