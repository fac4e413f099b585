import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { ErrorResponseSchema, IdParamsSchema, IdSchema } from '../../../shared/schemas/common.ts';
import {
  AssignExpertBodySchema, AssignmentListSchema, AssignmentSchema, AutoAssignResultSchema, DeclarationBodySchema, ExpertListSchema, ExpertSchema,
  ExpertSuggestionListSchema, RegisterExpertBodySchema, SubmitScoresBodySchema,
} from '../../../shared/schemas/calls.ts';
import { createExpertsService } from './experts.service.ts';

const errors = { 400: ErrorResponseSchema, 401: ErrorResponseSchema, 403: ErrorResponseSchema, 404: ErrorResponseSchema, 409: ErrorResponseSchema };
const tags = ['calls'];

/** The expert register (program office), assignments, and each expert's own workspace. */
export const expertsRoutes: FastifyPluginAsyncTypebox<{ now: () => Date }> = async (app, options) => {
  const service = createExpertsService({ db: app.db, now: options.now });

  app.get('/call-experts', { schema: { tags, response: { 200: ExpertListSchema, ...errors } } }, (request) => service.listExperts(request.auth));

  app.post('/call-experts', { schema: { tags, body: RegisterExpertBodySchema, response: { 201: ExpertSchema, ...errors } } }, async (request, reply) =>
    reply.status(201).send(await service.registerExpert(request.auth, request.body)),
  );

  app.get(
    '/calls/:id/proposals/:proposalId/expert-suggestions',
    { schema: { tags, params: Type.Object({ id: IdSchema, proposalId: IdSchema }), response: { 200: ExpertSuggestionListSchema, ...errors } } },
    (request) => service.suggestExperts(request.auth, request.params.id, request.params.proposalId),
  );

  app.post(
    '/calls/:id/assignments',
    { schema: { tags, params: IdParamsSchema, body: AssignExpertBodySchema, response: { 201: Type.Object({ id: IdSchema, proposalId: IdSchema, expertId: IdSchema }), ...errors } } },
    async (request, reply) => reply.status(201).send(await service.assignExpert(request.auth, request.params.id, request.body)),
  );

  app.post('/calls/:id/assignments/auto', { schema: { tags, params: IdParamsSchema, response: { 200: AutoAssignResultSchema, ...errors } } }, (request) =>
    service.autoAssign(request.auth, request.params.id),
  );

  app.get('/expert-assignments', { schema: { tags, response: { 200: AssignmentListSchema, ...errors } } }, (request) => service.listMyAssignments(request.auth));

  app.get('/expert-assignments/:id', { schema: { tags, params: IdParamsSchema, response: { 200: AssignmentSchema, ...errors } } }, (request) =>
    service.getAssignment(request.auth, request.params.id),
  );

  app.post('/expert-assignments/:id/declaration', { schema: { tags, params: IdParamsSchema, body: DeclarationBodySchema, response: { 200: AssignmentSchema, ...errors } } }, (request) =>
    service.declare(request.auth, request.params.id, request.body),
  );

  app.post('/expert-assignments/:id/scores', { schema: { tags, params: IdParamsSchema, body: SubmitScoresBodySchema, response: { 200: AssignmentSchema, ...errors } } }, (request) =>
    service.submitScores(request.auth, request.params.id, request.body),
  );
};
