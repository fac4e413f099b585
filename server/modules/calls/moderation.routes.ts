import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { ErrorResponseSchema, IdParamsSchema, IdSchema } from '../../../shared/schemas/common.ts';
import { AssignmentSchema, ModerationAnswerBodySchema, ModerationRoundSchema, OpenModerationBodySchema } from '../../../shared/schemas/calls.ts';
import type { ModerationService } from './moderation.service.ts';

const errors = { 400: ErrorResponseSchema, 401: ErrorResponseSchema, 403: ErrorResponseSchema, 404: ErrorResponseSchema, 409: ErrorResponseSchema };
const tags = ['calls'];
const ProposalParamsSchema = Type.Object({ id: IdSchema, proposalId: IdSchema });

/** Moderation rounds: the office opens and closes one on a flagged proposal; its experts answer. */
export const moderationRoutes: FastifyPluginAsyncTypebox<{ moderation: ModerationService }> = async (app, { moderation }) => {
  app.post(
    '/calls/:id/proposals/:proposalId/moderation',
    { schema: { tags, params: ProposalParamsSchema, body: OpenModerationBodySchema, response: { 201: ModerationRoundSchema, ...errors } } },
    async (request, reply) => reply.status(201).send(await moderation.openRound(request.auth, request.params.id, request.params.proposalId, request.body)),
  );

  app.post(
    '/calls/:id/proposals/:proposalId/moderation/close',
    { schema: { tags, params: ProposalParamsSchema, response: { 200: ModerationRoundSchema, ...errors } } },
    (request) => moderation.closeRound(request.auth, request.params.id, request.params.proposalId),
  );

  app.post('/expert-assignments/:id/moderation', { schema: { tags, params: IdParamsSchema, body: ModerationAnswerBodySchema, response: { 200: AssignmentSchema, ...errors } } }, (request) =>
    moderation.answer(request.auth, request.params.id, request.body),
  );
};
