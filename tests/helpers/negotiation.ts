// Negotiation rooms for tests: two parties with a submitted proposal and an open room, signed in over
// real HTTP (the session cookie a browser sends with the WebSocket handshake), and a real `ws` client.
import WebSocket from 'ws';
import type { App } from '../../server/app.ts';
import type { ServerFrame } from '../../shared/schemas/negotiations.ts';
import { proposalBody, publishableTaskBody, signInForCookie, signUp, type TestClient } from './test-client.ts';

// Re-exported: the negotiation tests import it from here.
export { signInForCookie };

export interface Party {
  client: TestClient;
  cookie: string;
  userId: string;
  organisationId: string;
  credentials: { email: string; password: string };
}

export async function signUpParty(app: App, baseUrl: string, kind: 'enterprise' | 'institute'): Promise<Party> {
  const { client, session, credentials } = await signUp(app, kind);
  return { client, cookie: await signInForCookie(baseUrl, credentials.email, credentials.password), userId: session.user.id, organisationId: session.organisation.id, credentials };
}

/** A published task, a submitted proposal on it, and (unless `open: false`) the room the enterprise opened. */
export async function createNegotiation(app: App, baseUrl: string, options: { open?: boolean; enterprise?: Party; institute?: Party } = {}) {
  const enterprise = options.enterprise ?? (await signUpParty(app, baseUrl, 'enterprise'));
  const institute = options.institute ?? (await signUpParty(app, baseUrl, 'institute'));
  const task = await enterprise.client.post('/api/tasks', publishableTaskBody());
  const published = await enterprise.client.post(`/api/tasks/${task.body.id}/status`, { status: 'published' });
  if (published.status !== 200) throw new Error(`publishing failed: ${JSON.stringify(published.body)}`);
  const proposal = await institute.client.post(`/api/tasks/${task.body.id}/proposals`, proposalBody({ submit: true }));
  if (proposal.status !== 201) throw new Error(`proposal failed: ${JSON.stringify(proposal.body)}`);
  let negotiationId = '';
  if (options.open !== false) {
    const opened = await enterprise.client.post(`/api/proposals/${proposal.body.id}/negotiation`);
    if (opened.status !== 201) throw new Error(`opening failed: ${opened.status} ${JSON.stringify(opened.body)}`);
    negotiationId = opened.body.negotiationId;
  }
  return { enterprise, institute, taskId: task.body.id as string, proposalId: proposal.body.id as string, negotiationId };
}

/** A `ws` client on GET /ws that keeps every frame it receives. */
export async function connectRoomSocket(baseUrl: string, headers: Record<string, string>) {
  const socket = new WebSocket(`${baseUrl.replace('http', 'ws')}/ws`, { headers });
  const frames: ServerFrame[] = [];
  const waiters = new Set<() => void>();
  socket.on('message', (data) => {
    frames.push(JSON.parse(data.toString()));
    for (const wake of waiters) wake();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });

  /** Resolves with the first frame (from `from` on) that matches; rejects after `timeoutMs`. */
  function waitFor<T extends ServerFrame = ServerFrame>(match: (frame: ServerFrame) => boolean, timeoutMs = 15_000, from = 0): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = frames.slice(from).find(match);
        if (!found) return false;
        cleanup();
        resolve(found as T);
        return true;
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(frames.slice(-5))}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(wake);
      };
      const wake = () => void check();
      if (!check()) waiters.add(wake);
    });
  }

  return {
    socket,
    frames,
    closed,
    send: (frame: unknown) => socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
    waitFor,
    events: (negotiationId: string) => frames.filter((frame): frame is Extract<ServerFrame, { type: 'event' }> => frame.type === 'event' && frame.negotiationId === negotiationId),
    /** Sends a write frame (it carries a `clientMsgId`) and resolves with its `ack` or `error`. */
    write(frame: { clientMsgId: string } & Record<string, unknown>) {
      const from = frames.length;
      socket.send(JSON.stringify(frame));
      return waitFor((reply) => (reply.type === 'ack' || reply.type === 'error') && reply.clientMsgId === frame.clientMsgId, 15_000, from);
    },
    async subscribe(negotiationId: string, afterSeq = 0) {
      const from = frames.length;
      socket.send(JSON.stringify({ type: 'subscribe', negotiationId, afterSeq }));
      return waitFor((frame) => (frame.type === 'subscribed' || frame.type === 'error') && frame.negotiationId === negotiationId, 15_000, from);
    },
    close: () => {
      socket.close();
      return closed;
    },
  };
}
export type RoomSocket = Awaited<ReturnType<typeof connectRoomSocket>>;
