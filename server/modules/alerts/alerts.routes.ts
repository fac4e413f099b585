import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { ErrorResponseSchema, IdParamsSchema, OkSchema } from '../../../shared/schemas/common.ts';
import {
  CreateSavedSearchBodySchema, NotificationPageSchema, NotificationQuerySchema, NotificationSchema, ReadAllResultSchema, SavedSearchSchema,
} from '../../../shared/schemas/alerts.ts';
import { createSavedSearchesService } from './saved-searches.service.ts';
import { createNotificationsService } from './notifications.service.ts';
import { registerLiveNotifications } from './notifications.live.ts';

const errors = { 400: ErrorResponseSchema, 401: ErrorResponseSchema, 403: ErrorResponseSchema, 404: ErrorResponseSchema, 409: ErrorResponseSchema };

/** A person's saved searches; new tasks they find raise alerts (see alerts.service.ts). */
export const savedSearchesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = createSavedSearchesService({ db: app.db });
  const tags = ['alerts'];

  app.get('/', { schema: { tags, response: { 200: Type.Array(SavedSearchSchema), ...errors } } }, (request) => service.listSavedSearches(request.auth));

  app.post('/', { schema: { tags, body: CreateSavedSearchBodySchema, response: { 201: SavedSearchSchema, ...errors } } }, async (request, reply) =>
    reply.status(201).send(await service.createSavedSearch(request.auth, request.body)),
  );

  app.delete('/:id', { schema: { tags, params: IdParamsSchema, response: { 200: OkSchema, ...errors } } }, (request) =>
    service.deleteSavedSearch(request.auth, request.params.id),
  );
};

/** A person's inbox, over HTTP and live over a WebSocket. */
export const notificationsRoutes: FastifyPluginAsyncTypebox<{ publicUrl: string }> = async (app, options) => {
  const service = createNotificationsService({ db: app.db });
  const tags = ['notifications'];

  app.get('/', { schema: { tags, querystring: NotificationQuerySchema, response: { 200: NotificationPageSchema, ...errors } } }, (request) =>
    service.listNotifications(request.auth, request.query),
  );

  app.post('/read-all', { schema: { tags, response: { 200: ReadAllResultSchema, ...errors } } }, (request) => service.markAllRead(request.auth));

  app.post('/:id/read', { schema: { tags, params: IdParamsSchema, response: { 200: NotificationSchema, ...errors } } }, (request) =>
    service.markRead(request.auth, request.params.id),
  );

  registerLiveNotifications(app, { service, hub: app.alerts.hub, publicUrl: options.publicUrl });
};
