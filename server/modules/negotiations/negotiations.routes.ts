import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponseSchema, IdParamsSchema } from '../../../shared/schemas/common.ts';
import {
  AcceptBodySchema, MessageBodySchema, NegotiationEventsPageSchema, NegotiationEventsQuerySchema, NegotiationListQuerySchema, NegotiationListSchema,
  NegotiationSchema, OfferBodySchema, OpenNegotiationResponseSchema, ReadBodySchema, ReadResultSchema, WithdrawBodySchema, WriteAckSchema,
  type ClientWriteFrame,
} from '../../../shared/schemas/negotiations.ts';
import { requireSignedIn, type AuthContext } from '../auth/auth-context.ts';
import { checkOrigin } from '../alerts/notifications.live.ts';
import { createAuthRepo } from '../auth/auth.repo.ts';
import { SESSION_COOKIE, hashToken } from '../auth/auth.tokens.ts';
import { createNegotiationsService } from './negotiations.service.ts';
import { createRoomsHub } from './negotiations.rooms.ts';
import { serveNegotiationSocket } from './negotiations.socket.ts';
import { createOfflineNotifier } from './negotiations.notify.ts';
import { websocketRequired } from './negotiations.errors.ts';
import { createCredentialChecker, type SocketCredential } from './negotiations.credential.ts';

const errors = { 400: ErrorResponseSchema, 401: ErrorResponseSchema, 403: ErrorResponseSchema, 404: ErrorResponseSchema, 409: ErrorResponseSchema };
const tags = ['negotiations'];

export interface NegotiationsRoutesOptions {
  publicUrl: string;
  /** Heartbeat of /ws (tests shorten it). */
  pingIntervalMs?: number;
  /** How long activity in a room gathers before offline members are notified. */
  notifyDelayMs?: number;
}

/** REST under /api and the live room socket at GET /ws (registered without a prefix). */
export const negotiationsRoutes: FastifyPluginAsyncTypebox<NegotiationsRoutesOptions> = async (app, options) => {
  const log = app.log.child({ module: 'negotiations' });
  const hub = createRoomsHub({
    fanout: app.fanout,
    driver: app.database.driver,
    loadEvent: async (negotiationId, seq) => (await service.listEventsAfter(negotiationId, seq - 1, 1))[0] ?? null,
    log,
  });
  const notifier = createOfflineNotifier({ db: app.db, hub, notificationsHub: app.alerts.hub, log, delayMs: options.notifyDelayMs });
  const service = createNegotiationsService({
    db: app.db,
    publish: hub.publishesInTransaction ? (events, tx) => hub.publish(events, tx) : undefined,
    notifyTemplate: hub.notifyTemplate,
    prepare: app.database.prepare,
    afterWrite: (negotiationId, events) => {
      // This process's sockets at once; other processes through NOTIFY (sent at commit). The embedded
      // database serves one process: there the local hand-off is the whole fan-out.
      hub.deliverCommitted(events);
      notifier.schedule(negotiationId, events);
    },
  });
  app.addHook('onClose', async () => {
    hub.close();
    credentialChecker.close();
    await notifier.close();
  });

  app.post('/api/proposals/:id/negotiation', { schema: { tags, params: IdParamsSchema, response: { 200: OpenNegotiationResponseSchema, 201: OpenNegotiationResponseSchema, ...errors } } }, async (request, reply) => {
    const { negotiationId, created } = await service.open(request.auth, request.params.id);
    return reply.status(created ? 201 : 200).send({ negotiationId });
  });

  app.get('/api/negotiations', { schema: { tags, querystring: NegotiationListQuerySchema, response: { 200: NegotiationListSchema, ...errors } } }, (request) =>
    service.list(request.auth, request.query),
  );

  app.get('/api/negotiations/:id', { schema: { tags, params: IdParamsSchema, response: { 200: NegotiationSchema, ...errors } } }, (request) =>
    service.get(request.auth, request.params.id),
  );

  app.get('/api/negotiations/:id/events', { schema: { tags, params: IdParamsSchema, querystring: NegotiationEventsQuerySchema, response: { 200: NegotiationEventsPageSchema, ...errors } } }, (request) =>
    service.listEvents(request.auth, request.params.id, request.query),
  );

  app.post('/api/negotiations/:id/read', { schema: { tags, params: IdParamsSchema, body: ReadBodySchema, response: { 200: ReadResultSchema, ...errors } } }, (request) =>
    service.markRead(request.auth, request.params.id, request.body.seq),
  );

  // The socket's write frames over plain HTTP, for integrations: same rules, same idempotency, same events.
  const write = async (auth: AuthContext, frame: ClientWriteFrame) => {
    const result = await service.write(auth, frame);
    return { negotiationId: frame.negotiationId, clientMsgId: frame.clientMsgId, seq: result.seq, created: result.created };
  };
  const writeSchema = (body: unknown) => ({ tags, params: IdParamsSchema, body, response: { 200: WriteAckSchema, ...errors } }) as never;
  app.post('/api/negotiations/:id/messages', { schema: writeSchema(MessageBodySchema) }, (request) =>
    write(request.auth, { type: 'message', negotiationId: (request.params as { id: string }).id, ...(request.body as { clientMsgId: string; text: string }) }),
  );
  app.post('/api/negotiations/:id/offers', { schema: writeSchema(OfferBodySchema) }, (request) =>
    write(request.auth, { type: 'offer', negotiationId: (request.params as { id: string }).id, ...(request.body as Omit<Extract<ClientWriteFrame, { type: 'offer' }>, 'type' | 'negotiationId'>) }),
  );
  app.post('/api/negotiations/:id/accept', { schema: writeSchema(AcceptBodySchema) }, (request) =>
    write(request.auth, { type: 'accept', negotiationId: (request.params as { id: string }).id, ...(request.body as { clientMsgId: string; version: number }) }),
  );
  app.post('/api/negotiations/:id/withdraw', { schema: writeSchema(WithdrawBodySchema) }, (request) =>
    write(request.auth, { type: 'withdraw', negotiationId: (request.params as { id: string }).id, ...(request.body as { clientMsgId: string; reason: string }) }),
  );

  const authRepo = createAuthRepo({ db: app.db });
  const credentialChecker = createCredentialChecker({ db: app.db });
  app.route({
    method: 'GET',
    url: '/ws',
    schema: {
      tags,
      description: 'WebSocket: the live negotiation rooms. Frames are described in docs/negotiation-protocol.md.',
      response: { 401: ErrorResponseSchema, 403: ErrorResponseSchema, 426: ErrorResponseSchema },
    },
    // Before the upgrade: a refusal is a plain HTTP answer and no socket is opened.
    preHandler: async (request) => {
      requireSignedIn(request.auth);
      checkOrigin(request, options.publicUrl);
    },
    handler: async () => {
      throw websocketRequired();
    },
    wsHandler: (socket, request) => {
      const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
      const sessionHash = hashToken(request.cookies[SESSION_COOKIE] ?? '');
      // The socket outlives the handshake: who is asking is read again (sign-out, revoked token, left the organisation).
      const credential: SocketCredential = bearer ? { kind: 'token', hash: hashToken(bearer) } : { kind: 'session', hash: sessionHash };
      const resolveAuth = () => (credential.kind === 'token' ? authRepo.findTokenContext(credential.hash) : authRepo.findSessionContext(credential.hash));
      serveNegotiationSocket(socket, request.auth, {
        service, hub, log, credential, resolveAuth, stillStands: (auth) => credentialChecker.stillStands(credential, auth), pingIntervalMs: options.pingIntervalMs,
      });
    },
  });
};
