import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponseSchema, IdParamsSchema } from '../../../shared/schemas/common.ts';
import { InstituteMatchesSchema, MatchQuerySchema, TaskMatchesSchema } from '../../../shared/schemas/search.ts';
import { createMatchingService, resolveLocale } from './matching.service.ts';

const errors = { 400: ErrorResponseSchema, 401: ErrorResponseSchema, 403: ErrorResponseSchema, 404: ErrorResponseSchema, 503: ErrorResponseSchema };

export const matchingRoutes: FastifyPluginAsyncTypebox<{ regionWeight: number }> = async (app, options) => {
  const service = createMatchingService({ db: app.db, meili: app.meili.client, indexNames: app.indexNames, embedder: app.embedder, regionWeight: options.regionWeight });

  app.get(
    '/tasks/:id/matches',
    { schema: { tags: ['matching'], params: IdParamsSchema, querystring: MatchQuerySchema, response: { 200: InstituteMatchesSchema, ...errors } } },
    (request) => service.matchInstitutesForTask(request.auth, request.params.id, { ...request.query, locale: resolveLocale(request.auth, request.query.locale, request.headers['accept-language']) }),
  );

  app.get(
    '/institutes/:id/matches',
    { schema: { tags: ['matching'], params: IdParamsSchema, querystring: MatchQuerySchema, response: { 200: TaskMatchesSchema, ...errors } } },
    (request) => service.matchTasksForInstitute(request.auth, request.params.id, { ...request.query, locale: resolveLocale(request.auth, request.query.locale, request.headers['accept-language']) }),
  );
};
