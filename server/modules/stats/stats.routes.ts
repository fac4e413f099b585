import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponseSchema } from '../../../shared/schemas/common.ts';
import { OverviewSchema } from '../../../shared/schemas/stats.ts';
import { createStatsService } from './stats.service.ts';

export const statsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = createStatsService({ db: app.db });
  app.get(
    '/overview',
    { schema: { tags: ['stats'], response: { 200: OverviewSchema, 401: ErrorResponseSchema, 403: ErrorResponseSchema } } },
    (request) => service.getOverview(request.auth),
  );
};
