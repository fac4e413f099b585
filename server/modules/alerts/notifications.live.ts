import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { ErrorResponseSchema } from '../../../shared/schemas/common.ts';
import type { LiveMessage } from '../../../shared/schemas/alerts.ts';
import { forbidden } from '../../errors.ts';
import { requirePerson } from '../auth/auth-context.ts';
import type { NotificationsService } from './notifications.service.ts';
import type { NotificationsHub } from './notifications.hub.ts';
import { websocketRequired } from './alerts.errors.ts';
import { createAuthRepo } from '../auth/auth.repo.ts';
import { SESSION_COOKIE, hashToken } from '../auth/auth.tokens.ts';

/** Close code for a socket whose session ended (signed out or expired) while it was open. */
export const SESSION_ENDED_CLOSE_CODE = 4401;

/** Proxies commonly drop connections idle for 60 s; a ping every 30 s keeps ours open and finds dead peers. */
export const LIVE_PING_INTERVAL_MS = 30_000;

/**
 * Browsers send cookies with a cross-site WebSocket handshake and CORS does not apply to it, so a
 * cookie-authenticated socket must come from our own pages (cross-site WebSocket hijacking).
 */
export function checkOrigin(request: FastifyRequest, publicUrl: string) {
  const origin = request.headers.origin;
  if (!origin || request.auth.via !== 'session') return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw forbidden('This page may not open a live connection.');
  }
  if (host !== request.host && host !== new URL(publicUrl).host) throw forbidden('This page may not open a live connection.');
}

interface SocketDeps {
  service: NotificationsService;
  hub: NotificationsHub;
  request: FastifyRequest;
  /** The socket outlives the HTTP handshake: signing out must stop the pushes too. */
  isSessionActive: () => Promise<boolean>;
}

function serveSocket(socket: WebSocket, userId: string, deps: SocketDeps) {
  const send = (message: LiveMessage) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  const sendIfStillSignedIn = async (message: LiveMessage) => {
    if (await deps.isSessionActive().catch(() => false)) return send(message);
    socket.close(SESSION_ENDED_CLOSE_CODE, 'session ended');
  };
  // Subscribe before counting so nothing created meanwhile is lost, but hold it until hello went out.
  let held: LiveMessage[] | null = [];
  const unsubscribe = deps.hub.subscribe(userId, (notification) => {
    const message: LiveMessage = { type: 'notification', notification };
    if (held) held.push(message);
    else void sendIfStillSignedIn(message);
  });

  let alive = true;
  socket.on('pong', () => {
    alive = true;
  });
  const pinger = setInterval(async () => {
    if (!alive) return socket.terminate();
    if (!(await deps.isSessionActive().catch(() => false))) return socket.close(SESSION_ENDED_CLOSE_CODE, 'session ended');
    alive = false;
    socket.ping();
  }, LIVE_PING_INTERVAL_MS);
  pinger.unref();
  socket.on('close', () => {
    clearInterval(pinger);
    unsubscribe();
  });

  deps.service.countUnread(deps.request.auth).then(
    (unread) => {
      send({ type: 'hello', unread });
      for (const message of held ?? []) send(message);
      held = null;
    },
    (error) => {
      deps.request.log.error({ err: error }, 'live notifications: could not count unread');
      socket.close(1011, 'internal error');
    },
  );
}

/** GET /live: a WebSocket, authenticated like any request (session cookie or bearer token). */
export function registerLiveNotifications(app: FastifyInstance, deps: { service: NotificationsService; hub: NotificationsHub; publicUrl: string }) {
  const authRepo = createAuthRepo({ db: app.db });
  app.route({
    method: 'GET',
    url: '/live',
    schema: {
      tags: ['notifications'],
      description: 'WebSocket. Sends {type:"hello",unread} on connect, then {type:"notification",notification} as they are created.',
      response: { 401: ErrorResponseSchema, 403: ErrorResponseSchema, 426: ErrorResponseSchema },
    },
    // Runs before the upgrade: a refusal is a plain HTTP answer and no socket is ever opened.
    preHandler: async (request) => {
      requirePerson(request.auth);
      checkOrigin(request, deps.publicUrl);
    },
    handler: async () => {
      throw websocketRequired();
    },
    wsHandler: (socket, request) => {
      const tokenHash = hashToken(request.cookies[SESSION_COOKIE] ?? '');
      const isSessionActive = async () => (await authRepo.findSessionContext(tokenHash)) !== null;
      serveSocket(socket, request.auth.user!.id, { service: deps.service, hub: deps.hub, request, isSessionActive });
    },
  });
}
