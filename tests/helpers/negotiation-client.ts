// Negotiation rooms for tests over real HTTP and real WebSockets: open a room between two new
// organisations, drive the reconnecting client (the web app's own) from Node, read the REST history,
// and check the delivery guarantees.
import WebSocket from 'ws';
import { expect } from 'vitest';
import { NegotiationClient, type NegotiationClientOptions, type WebSocketLike } from '../../web/src/lib/negotiation/client.ts';
import type { ErrorFrame, NegotiationEvent } from '../../web/src/lib/negotiation/frames.ts';
import { createMemoryStorage } from '../../web/src/lib/negotiation/storage.ts';
import { proposalBody, publishableTaskBody } from './test-client.ts';

/** What both test clients offer: createHttpClient (real HTTP) and createClient (inject). */
export interface HttpActor {
  get(url: string): Promise<{ status: number; body: any }>;
  post(url: string, body?: unknown): Promise<{ status: number; body: any }>;
}

function expectStatus(response: { status: number; body: unknown }, status: number, what: string) {
  if (response.status !== status) throw new Error(`${what}: expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`);
}

/** Task → submitted proposal → shortlisted → room; answers the room's id. */
export async function openNegotiationRoom(enterprise: HttpActor, institute: HttpActor) {
  const task = await enterprise.post('/api/tasks', publishableTaskBody());
  expectStatus(task, 201, 'creating the task');
  expectStatus(await enterprise.post(`/api/tasks/${task.body.id}/status`, { status: 'published' }), 200, 'publishing the task');
  const proposal = await institute.post(`/api/tasks/${task.body.id}/proposals`, proposalBody({ submit: true }));
  expectStatus(proposal, 201, 'proposing');
  expectStatus(await enterprise.post(`/api/proposals/${proposal.body.id}/shortlist`), 200, 'shortlisting');
  const opened = await enterprise.post(`/api/proposals/${proposal.body.id}/negotiation`);
  if (opened.status !== 200 && opened.status !== 201) expectStatus(opened, 201, 'opening the negotiation');
  return { negotiationId: opened.body.negotiationId as string, proposalId: proposal.body.id as string, taskId: task.body.id as string };
}

export const socketUrl = (baseUrl: string) => `${baseUrl.replace(/^http/, 'ws')}/ws`;

/** A reconnecting client in Node that records everything it is handed, and can cut its own socket. */
export function createRecordingClient(url: string, headers: Record<string, string>, options: Partial<NegotiationClientOptions> = {}) {
  const sockets: WebSocket[] = [];
  const client = new NegotiationClient({
    url,
    createSocket: (target) => {
      const socket = new WebSocket(target, [], { headers });
      sockets.push(socket);
      return socket as unknown as WebSocketLike;
    },
    storage: createMemoryStorage(),
    network: null,
    backoff: { minMs: 100, maxMs: 1_000 },
    ...options,
  });
  const events: NegotiationEvent[] = [];
  const acks = new Map<string, number>();
  const errors: ErrorFrame[] = [];
  const rejected: ErrorFrame[] = [];
  client.on('event', (event) => events.push(event));
  client.on('ack', (ack) => acks.set(ack.clientMsgId, ack.seq));
  client.on('error', (error) => errors.push(error));
  client.on('rejected', ({ error }) => rejected.push(error));
  return {
    client,
    events,
    acks,
    errors,
    rejected,
    /** Connections opened so far (the first plus every reconnect). */
    connections: () => sockets.length,
    /** Cuts the current connection from the client's side, without a close handshake. */
    terminate() {
      const socket = sockets[sockets.length - 1];
      if (socket && socket.readyState !== WebSocket.CLOSED) socket.terminate();
    },
  };
}
export type RecordingClient = ReturnType<typeof createRecordingClient>;

/** Headers of a Node client signed in with a browser session: the cookie, and the origin a browser would send. */
export const sessionHeaders = (baseUrl: string, cookie: string) => ({ cookie, origin: baseUrl });

export async function waitFor(condition: () => boolean, timeoutMs: number, what: () => string) {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The whole REST history of a room, page by page. */
export async function readHistory(actor: HttpActor, negotiationId: string): Promise<NegotiationEvent[]> {
  const events: NegotiationEvent[] = [];
  for (;;) {
    const after = events.length ? events[events.length - 1].seq : 0;
    const page = await actor.get(`/api/negotiations/${negotiationId}/events?afterSeq=${after}&limit=500`);
    expectStatus(page, 200, 'reading the history');
    events.push(...page.body.items);
    if (!page.body.hasMore || page.body.items.length === 0) return events;
  }
}

const brief = (events: NegotiationEvent[]) => events.map((event) => `${event.seq}:${event.clientMsgId ?? event.kind}`);

/**
 * The guarantees: the history is 1..N without holes; every clientMsgId sent appears exactly once;
 * every acknowledged write sits at the seq its ack named; every client was handed the same sequence.
 */
export function expectSameGapFreeSequence(history: NegotiationEvent[], sent: string[], clients: RecordingClient[]) {
  expect(history.map((event) => event.seq)).toEqual(history.map((_, index) => index + 1));
  const written = history.filter((event) => event.clientMsgId !== null).map((event) => event.clientMsgId!);
  expect(written.length).toBe(new Set(written).size);
  expect([...written].sort()).toEqual([...sent].sort());
  const seqOf = new Map(history.map((event) => [event.clientMsgId, event.seq]));
  for (const { acks, events } of clients) {
    for (const [clientMsgId, seq] of acks) expect(seqOf.get(clientMsgId), `ack of ${clientMsgId}`).toBe(seq);
    expect(brief(events)).toEqual(brief(history));
  }
}
