// Heartbeats of the room socket with a stand-in socket object and a short interval.
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WebSocket } from 'ws';
import { serveNegotiationSocket, type NegotiationSocketDeps } from './negotiations.socket.ts';
import { ANONYMOUS, type AuthContext } from '../auth/auth-context.ts';
import { SESSION_ENDED_CLOSE_CODE } from '../../../shared/schemas/negotiations.ts';

const person: AuthContext = { ...ANONYMOUS, via: 'session', user: { id: '00000000-0000-4000-8000-000000000001', email: 'a@example.kz', fullName: 'A', locale: 'ru', isPlatformAdmin: false } };

function fakeSocket() {
  const socket = Object.assign(new EventEmitter(), {
    OPEN: 1, readyState: 1, bufferedAmount: 0,
    ping: vi.fn(), terminate: vi.fn(), send: vi.fn(), close: vi.fn(),
  });
  // Like ws: a terminated socket closes at once, which stops its heartbeat.
  socket.terminate.mockImplementation(() => socket.emit('close'));
  return socket;
}

function serve(socket: ReturnType<typeof fakeSocket>, resolveAuth: () => Promise<AuthContext | null>, stillStands?: NegotiationSocketDeps['stillStands']) {
  const log = { warn: vi.fn(), error: vi.fn() } as unknown as NegotiationSocketDeps['log'];
  serveNegotiationSocket(socket as unknown as WebSocket, person, { service: {} as NegotiationSocketDeps['service'], hub: {} as NegotiationSocketDeps['hub'], log, credential: { kind: 'session', hash: 'not-read-by-the-heartbeat' }, resolveAuth, stillStands, pingIntervalMs: BEAT_MS });
}

// A fake clock: each beat happens exactly when the test says, however loaded the machine is.
const BEAT_MS = 1000;
beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());
const beat = () => vi.advanceTimersByTimeAsync(BEAT_MS);

describe('room socket heartbeats', () => {
  it('pings a live peer on every beat and terminates one that stopped answering', async () => {
    const socket = fakeSocket();
    serve(socket, async () => person);
    await beat();
    expect(socket.ping).toHaveBeenCalledTimes(1);
    socket.emit('pong');
    await beat();
    expect(socket.ping).toHaveBeenCalledTimes(2);
    expect(socket.terminate).not.toHaveBeenCalled();
    // No pong to the second ping: the next beat ends it, once.
    await beat();
    await beat();
    expect(socket.terminate).toHaveBeenCalledTimes(1);
    expect(socket.ping).toHaveBeenCalledTimes(2);
  });

  it('closes with 4401 at the beat after the session ended', async () => {
    const socket = fakeSocket();
    let signedIn = true;
    serve(socket, async () => (signedIn ? person : null));
    await beat();
    expect(socket.ping).toHaveBeenCalledTimes(1);
    expect(socket.close).not.toHaveBeenCalled();
    signedIn = false;
    socket.emit('pong');
    await beat();
    expect(socket.close).toHaveBeenCalledWith(SESSION_ENDED_CLOSE_CODE, 'session ended');
    socket.emit('close');
  });

  it('with a batched check, reads who is asking in full only when the check says it changed', async () => {
    const socket = fakeSocket();
    const resolveAuth = vi.fn(async () => null);
    let stands = true;
    serve(socket, resolveAuth, async () => stands);
    await beat();
    socket.emit('pong');
    await beat();
    expect(resolveAuth).not.toHaveBeenCalled();
    expect(socket.close).not.toHaveBeenCalled();
    stands = false;
    socket.emit('pong');
    await beat();
    expect(resolveAuth).toHaveBeenCalledTimes(1);
    expect(socket.close).toHaveBeenCalledWith(SESSION_ENDED_CLOSE_CODE, 'session ended');
    socket.emit('close');
  });
});
