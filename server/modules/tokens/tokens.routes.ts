import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { ErrorResponseSchema, IdParamsSchema } from '../../../shared/schemas/common.ts';
import { ApiTokenSchema, CreateApiTokenBodySchema, CreatedApiTokenSchema } from '../../../shared/schemas/tokens.ts';
import { createTokensService } from './tokens.service.ts';

const errors = { 400: ErrorResponseSchema, 401: ErrorResponseSchema, 403: ErrorResponseSchema, 404: ErrorResponseSchema, 409: ErrorResponseSchema };
const tags = ['tokens'];

export const tokensRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = createTokensService({ db: app.db });

  app.get('/', { schema: { tags, response: { 200: Type.Array(ApiTokenSchema), ...errors } } }, (request) => service.listTokens(request.auth));

  app.post('/', { schema: { tags, body: CreateApiTokenBodySchema, response: { 201: CreatedApiTokenSchema, ...errors } } }, async (request, reply) =>
    reply.status(201).send(await service.createToken(request.auth, request.body)),
  );

  app.delete('/:id', { schema: { tags, params: IdParamsSchema, response: { 200: ApiTokenSchema, ...errors } } }, (request) =>
    service.revokeToken(request.auth, request.params.id),
  );
};
