import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponseSchema, PageOf } from '../../../shared/schemas/common.ts';
import { AuditEntrySchema, AuditQuerySchema } from '../../../shared/schemas/admin.ts';
import { createAuditService } from './audit.service.ts';

const errors = { 400: ErrorResponseSchema, 401: ErrorResponseSchema, 403: ErrorResponseSchema };

export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = createAuditService({ db: app.db });

  app.get('/', { schema: { tags: ['audit'], querystring: AuditQuerySchema, response: { 200: PageOf(AuditEntrySchema), ...errors } } }, (request) =>
    service.list(request.auth, request.query),
  );
};
