import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { ErrorResponseSchema, IdParamsSchema, IdSchema, OkSchema, PageOf } from '../../../shared/schemas/common.ts';
import {
  CreateOrganisationBodySchema, MemberSchema, OrganisationQuerySchema,
  OrganisationSchema, UpdateOrganisationBodySchema,
} from '../../../shared/schemas/organisations.ts';
import { createOrganisationsService } from './organisations.service.ts';

const errors = { 400: ErrorResponseSchema, 401: ErrorResponseSchema, 403: ErrorResponseSchema, 404: ErrorResponseSchema, 409: ErrorResponseSchema };
const tags = ['organisations'];

export const organisationsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = createOrganisationsService({ db: app.db });

  app.get('/', { schema: { tags, querystring: OrganisationQuerySchema, response: { 200: PageOf(OrganisationSchema), ...errors } } }, (request) =>
    service.listOrganisations(request.auth, request.query),
  );

  app.post('/', { schema: { tags, body: CreateOrganisationBodySchema, response: { 201: OrganisationSchema, ...errors } } }, async (request, reply) =>
    reply.status(201).send(await service.createOrganisation(request.auth, request.body)),
  );

  app.get('/:id', { schema: { tags, params: IdParamsSchema, response: { 200: OrganisationSchema, ...errors } } }, (request) =>
    service.getOrganisation(request.auth, request.params.id),
  );

  app.patch('/:id', { schema: { tags, params: IdParamsSchema, body: UpdateOrganisationBodySchema, response: { 200: OrganisationSchema, ...errors } } }, (request) =>
    service.updateOrganisation(request.auth, request.params.id, request.body),
  );

  app.get('/:id/members', { schema: { tags, params: IdParamsSchema, response: { 200: Type.Array(MemberSchema), ...errors } } }, (request) =>
    service.listMembers(request.auth, request.params.id),
  );

  app.delete(
    '/:id/members/:userId',
    { schema: { tags, params: Type.Object({ id: IdSchema, userId: IdSchema }), response: { 200: OkSchema, ...errors } } },
    async (request) => {
      await service.removeMember(request.auth, request.params.id, request.params.userId);
      return { ok: true as const };
    },
  );
};
