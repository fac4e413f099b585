// Delivery under a hostile network: two people write 1,000 messages into one room while their
// connections are cut at random moments — from the client side (the socket terminated, no close
// handshake) and in between (a TCP proxy that resets every connection through it). Real server
// (listening on a port), real WebSockets, the web app's own reconnecting client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { createTestContext, type TestContext } from './helpers/test-app.ts';
import { createHttpClient } from './helpers/server-process.ts';
import { startTcpProxy, type TcpProxy } from './helpers/tcp-proxy.ts';
import {
  createRecordingClient, expectSameGapFreeSequence, openNegotiationRoom, readHistory, sessionHeaders, socketUrl, waitFor, type RecordingClient,
} from './helpers/negotiation-client.ts';

const PER_SIDE = 500;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const between = (low: number, high: number) => low + Math.random() * (high - low);

let ctx: TestContext;
let proxy: TcpProxy;
let serverUrl: string;

beforeAll(async () => {
  ctx = await createTestContext();
  await ctx.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = ctx.app.server.address() as AddressInfo;
  serverUrl = `http://127.0.0.1:${port}`;
  proxy = await startTcpProxy(port);
});

afterAll(async () => {
  await proxy?.close();
  await ctx?.close();
});

describe('negotiation delivery when connections are cut', { timeout: 600_000 }, () => {
  it('1,000 messages from two clients cut at random moments end as one gap-free sequence on both sides and in the REST history, each clientMsgId once', async () => {
    const enterprise = createHttpClient(serverUrl);
    await enterprise.signUp('enterprise');
    const institute = createHttpClient(serverUrl);
    await institute.signUp('institute');
    const { negotiationId } = await openNegotiationRoom(enterprise, institute);

    // Both connect through the proxy (a browser behind a load balancer would send the proxy's origin).
    const proxyUrl = `http://127.0.0.1:${proxy.port}`;
    const sides: RecordingClient[] = [enterprise, institute].map((person) => createRecordingClient(socketUrl(proxyUrl), sessionHeaders(proxyUrl, person.cookieHeader())));
    for (const side of sides) {
      side.client.subscribe(negotiationId);
      side.client.connect();
    }

    const sent: string[] = [];
    const write = async (side: RecordingClient, name: string) => {
      for (let index = 0; index < PER_SIDE; index += 1) {
        const clientMsgId = `${name}-${index}`;
        side.client.sendMessage(negotiationId, `${name} message ${index}`, clientMsgId);
        sent.push(clientMsgId);
        await sleep(between(0, 20));
      }
    };
    const allAcked = () => sent.length === 2 * PER_SIDE && sides.every((side) => side.client.pending().length === 0);

    // Cuts at random moments until every write is acknowledged: half from a client's side, half by the proxy.
    // Every 40–300 ms: the writes take about 5 s, and a server that acknowledges quickly leaves no long
    // tail of retries to cut into, so rarer cuts sometimes fell short of the counts checked below.
    const cuts = { client: 0, proxy: 0 };
    const chaos = (async () => {
      while (!allAcked()) {
        await sleep(between(40, 300));
        if (Math.random() < 0.5) {
          sides[Math.floor(Math.random() * 2)].terminate();
          cuts.client += 1;
        } else if (Math.random() < 0.5) {
          cuts.proxy += proxy.cutAll();
        } else if (proxy.cutOne()) {
          cuts.proxy += 1;
        }
      }
    })();

    await Promise.all([write(sides[0], 'enterprise'), write(sides[1], 'institute')]);
    const progress = () => `acks ${sides.map((side) => side.acks.size).join('/')}, pending ${sides.map((side) => side.client.pending().length).join('/')}, ` +
      `events ${sides.map((side) => side.events.length).join('/')}, connections ${sides.map((side) => side.connections()).join('/')}, cuts ${JSON.stringify(cuts)}`;
    await waitFor(allAcked, 300_000, progress);
    await chaos;

    const history = await readHistory(enterprise, negotiationId);
    const lastSeq = history[history.length - 1].seq;
    await waitFor(() => sides.every((side) => side.client.lastSeq(negotiationId) === lastSeq), 120_000, progress);

    expect(history.filter((event) => event.kind === 'message')).toHaveLength(2 * PER_SIDE);
    expectSameGapFreeSequence(history, sent, sides);
    expect(sides.flatMap((side) => side.rejected)).toEqual([]);
    // The cuts really happened, and the clients really came back after them.
    expect(cuts.client).toBeGreaterThan(5);
    expect(cuts.proxy).toBeGreaterThan(5);
    for (const side of sides) expect(side.connections()).toBeGreaterThan(5);
    for (const side of sides) side.client.close();
  });
});
