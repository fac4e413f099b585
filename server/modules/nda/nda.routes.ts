import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponseSchema, IdParamsSchema, PageOf } from '../../../shared/schemas/common.ts';
import { AcceptNdaBodySchema, AccessLogEntrySchema, AccessLogQuerySchema, NdaQuerySchema, NdaSchema, UpdateNdaBodySchema } from '../../../shared/schemas/nda.ts';
import { createNdaService } from './nda.service.ts';

const errors = { 400: ErrorResponseSchema, 401: ErrorResponseSchema, 403: ErrorResponseSchema, 404: ErrorResponseSchema, 409: ErrorResponseSchema };
const tags = ['nda'];

/** A task's NDA and the log of who opened its confidential part; mounted under /api/tasks. */
export const ndaRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = createNdaService({ db: app.db });

  app.get('/:id/nda', { schema: { tags, params: IdParamsSchema, querystring: NdaQuerySchema, response: { 200: NdaSchema, ...errors } } }, (request) =>
    service.getNda(request.auth, request.params.id, request.query),
  );

  app.post('/:id/nda/accept', { schema: { tags, params: IdParamsSchema, body: AcceptNdaBodySchema, response: { 200: NdaSchema, ...errors } } }, (request) =>
    service.accept(request.auth, request.params.id, request.body),
  );

  app.put('/:id/nda', { schema: { tags, params: IdParamsSchema, body: UpdateNdaBodySchema, response: { 200: NdaSchema, ...errors } } }, (request) =>
    service.update(request.auth, request.params.id, request.body),
  );

  app.get('/:id/access-log', { schema: { tags, params: IdParamsSchema, querystring: AccessLogQuerySchema, response: { 200: PageOf(AccessLogEntrySchema), ...errors } } }, (request) =>
    service.listAccessLog(request.auth, request.params.id, request.query),
  );
};
