// Heartbeats of the room socket with a stand-in socket object and a short interval.
import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
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
  return socket;
}

function serve(socket: ReturnType<typeof fakeSocket>, resolveAuth: () => Promise<AuthContext | null>) {
  const log = { warn: vi.fn(), error: vi.fn() } as unknown as NegotiationSocketDeps['log'];
  serveNegotiationSocket(socket as unknown as WebSocket, person, { service: {} as NegotiationSocketDeps['service'], hub: {} as NegotiationSocketDeps['hub'], log, resolveAuth, pingIntervalMs: 25 });
}

describe('room socket heartbeats', () => {
  it('pings a live peer on every beat and terminates one that stopped answering', async () => {
    const socket = fakeSocket();
    serve(socket, async () => person);
    await vi.waitFor(() => expect(socket.ping).toHaveBeenCalledTimes(1));
    socket.emit('pong');
    await vi.waitFor(() => expect(socket.ping).toHaveBeenCalledTimes(2));
    // No pong to the second ping: the next beat ends it.
    await vi.waitFor(() => expect(socket.terminate).toHaveBeenCalledTimes(1));
    socket.emit('close');
  });

  it('closes with 4401 at the beat after the session ended', async () => {
    const socket = fakeSocket();
    let signedIn = true;
    serve(socket, async () => (signedIn ? person : null));
    socket.on('pong', () => undefined);
    await vi.waitFor(() => expect(socket.ping).toHaveBeenCalled());
    signedIn = false;
    socket.emit('pong');
    await vi.waitFor(() => expect(socket.close).toHaveBeenCalledWith(SESSION_ENDED_CLOSE_CODE, 'session ended'));
    socket.emit('close');
  });
});
