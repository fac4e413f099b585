import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponseSchema, IdParamsSchema, PageOf } from '../../../shared/schemas/common.ts';
import { AdminUserQuerySchema, AdminUserSchema, DisableUserBodySchema } from '../../../shared/schemas/admin.ts';
import { createAdminService } from './admin.service.ts';

const errors = { 400: ErrorResponseSchema, 401: ErrorResponseSchema, 403: ErrorResponseSchema, 404: ErrorResponseSchema, 409: ErrorResponseSchema };
const tags = ['admin'];

/** Platform administration: accounts. Organisations are administered under /api/organisations. */
export const adminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = createAdminService({ db: app.db });

  app.get('/users', { schema: { tags, querystring: AdminUserQuerySchema, response: { 200: PageOf(AdminUserSchema), ...errors } } }, (request) =>
    service.listUsers(request.auth, request.query),
  );

  app.post('/users/:id/disable', { schema: { tags, params: IdParamsSchema, body: DisableUserBodySchema, response: { 200: AdminUserSchema, ...errors } } }, (request) =>
    service.disableUser(request.auth, request.params.id, request.body),
  );

  app.post('/users/:id/enable', { schema: { tags, params: IdParamsSchema, response: { 200: AdminUserSchema, ...errors } } }, (request) =>
    service.enableUser(request.auth, request.params.id),
  );
};
