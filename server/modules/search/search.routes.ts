import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponseSchema } from '../../../shared/schemas/common.ts';
import {
  InstituteSearchQuerySchema, InstituteSearchResultSchema, TaskSearchQuerySchema, TaskSearchResultSchema,
} from '../../../shared/schemas/search.ts';
import { createSearchService } from './search.service.ts';

const errors = { 400: ErrorResponseSchema, 503: ErrorResponseSchema };

/** Public search: visitors see public tasks, signed-in users also those for registered users. */
export const searchRoutes: FastifyPluginAsyncTypebox<{ semanticRatio: number }> = async (app, options) => {
  const service = createSearchService({ meili: app.meili.client, indexNames: app.indexNames, embedder: app.embedder, defaultSemanticRatio: options.semanticRatio, db: app.db });

  app.get('/tasks', { schema: { tags: ['search'], querystring: TaskSearchQuerySchema, response: { 200: TaskSearchResultSchema, ...errors } } }, (request) =>
    service.searchTasks(request.auth, request.query),
  );

  app.get('/institutes', { schema: { tags: ['search'], querystring: InstituteSearchQuerySchema, response: { 200: InstituteSearchResultSchema, ...errors } } }, (request) =>
    service.searchInstitutes(request.query),
  );
};
