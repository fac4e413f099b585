// Two app instances on one PostgreSQL database stand in for two server processes: each has its own
// LISTEN connection, so everything between them crosses PostgreSQL NOTIFY.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../app.ts';
import { createTestContext, type TestContext } from '../../../tests/helpers/test-app.ts';
import { connectRoomSocket, createNegotiation, type RoomSocket } from '../../../tests/helpers/negotiation.ts';
import type { ServerFrame } from '../../../shared/schemas/negotiations.ts';

describe.skipIf(!process.env.TEST_DATABASE_URL)('rooms across server processes on one PostgreSQL', () => {
  let ctx: TestContext;
  let second: App;
  let firstUrl: string;
  let secondUrl: string;
  let room: Awaited<ReturnType<typeof createNegotiation>>;
  const sockets: RoomSocket[] = [];

  beforeAll(async () => {
    ctx = await createTestContext();
    firstUrl = await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    second = await buildApp(ctx.config, { database: ctx.testDatabase.database, indexInBackground: false });
    await second.ready();
    secondUrl = await second.listen({ port: 0, host: '127.0.0.1' });
    room = await createNegotiation(ctx.app, firstUrl);
  });
  afterAll(async () => {
    for (const socket of sockets) socket.socket.terminate();
    await second.close();
    await ctx.close();
  });

  it("each process delivers the other's events live, in order, and both see who is present", async () => {
    const enterprise = await connectRoomSocket(firstUrl, { cookie: room.enterprise.cookie });
    const institute = await connectRoomSocket(secondUrl, { cookie: room.institute.cookie });
    sockets.push(enterprise, institute);
    await enterprise.subscribe(room.negotiationId, 1);
    await institute.subscribe(room.negotiationId, 1);
    const both = (frame: ServerFrame) => frame.type === 'presence' && frame.members.length === 2;
    await enterprise.waitFor(both);
    await institute.waitFor(both);

    for (let index = 0; index < 10; index++) {
      const [socket, id] = index % 2 ? [enterprise, `e-${index}`] : [institute, `i-${index}`];
      socket.send({ type: 'message', negotiationId: room.negotiationId, clientMsgId: id, text: `Message ${index}` });
    }
    for (const socket of [enterprise, institute]) {
      await expect.poll(() => socket.events(room.negotiationId).length, { timeout: 30_000 }).toBe(10);
      expect(socket.events(room.negotiationId).map((event) => event.seq)).toEqual(Array.from({ length: 10 }, (_, index) => index + 2));
    }
    institute.send({ type: 'typing', negotiationId: room.negotiationId });
    expect(await enterprise.waitFor((frame) => frame.type === 'typing')).toMatchObject({ userId: room.institute.userId });
    const seen = enterprise.frames.length;
    await institute.close();
    expect(await enterprise.waitFor((frame) => frame.type === 'presence' && frame.members.length === 1, 15_000, seen)).toMatchObject({ members: [{ userId: room.enterprise.userId }] });
  });
});
