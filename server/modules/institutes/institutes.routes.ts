import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponseSchema, IdParamsSchema, PageOf } from '../../../shared/schemas/common.ts';
import { InstituteQuerySchema, InstituteSchema, InstituteSummarySchema, UpdateInstituteBodySchema } from '../../../shared/schemas/institutes.ts';
import { createInstitutesService } from './institutes.service.ts';

const errors = { 400: ErrorResponseSchema, 401: ErrorResponseSchema, 403: ErrorResponseSchema, 404: ErrorResponseSchema };
const tags = ['institutes'];

export const institutesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = createInstitutesService({ db: app.db });

  app.get('/', { schema: { tags, querystring: InstituteQuerySchema, response: { 200: PageOf(InstituteSummarySchema), ...errors } } }, (request) =>
    service.listInstitutes(request.query),
  );

  app.get('/:id', { schema: { tags, params: IdParamsSchema, response: { 200: InstituteSchema, ...errors } } }, (request) =>
    service.getInstitute(request.params.id),
  );

  app.patch('/:id', { schema: { tags, params: IdParamsSchema, body: UpdateInstituteBodySchema, response: { 200: InstituteSchema, ...errors } } }, (request) =>
    service.updateInstitute(request.auth, request.params.id, request.body),
  );
};
