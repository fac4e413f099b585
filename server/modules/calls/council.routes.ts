import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { ErrorResponseSchema, IdParamsSchema } from '../../../shared/schemas/common.ts';
import { CallFeedbackSchema, CallResultsSchema, CastVoteBodySchema, CouncilSchema, ProposalResultSchema, RecordOutcomeBodySchema, SetCouncilBodySchema } from '../../../shared/schemas/calls.ts';
import type { CouncilService } from './council.service.ts';
import type { ResultsService } from './results.service.ts';

const errors = { 400: ErrorResponseSchema, 401: ErrorResponseSchema, 403: ErrorResponseSchema, 404: ErrorResponseSchema, 409: ErrorResponseSchema };
const tags = ['calls'];

/** Results (ranked table, CSV), the council and its open vote, outcomes and the proposer's feedback. */
export const councilRoutes: FastifyPluginAsyncTypebox<{ now: () => Date; council: CouncilService; results: ResultsService }> = async (app, { council, results }) => {
  app.get('/calls/:id/results', { schema: { tags, params: IdParamsSchema, response: { 200: CallResultsSchema, ...errors } } }, (request) =>
    results.getResults(request.auth, request.params.id),
  );

  app.get(
    '/calls/:id/results.csv',
    { schema: { tags, params: IdParamsSchema, produces: ['text/csv'], response: { 200: Type.String({ description: 'CSV, one line per proposal' }), ...errors } } },
    async (request, reply) => {
      const csv = await results.exportCsv(request.auth, request.params.id);
      return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="call-${request.params.id}-results.csv"`).send(csv);
    },
  );

  app.put('/calls/:id/council', { schema: { tags, params: IdParamsSchema, body: SetCouncilBodySchema, response: { 200: CouncilSchema, ...errors } } }, (request) =>
    council.setCouncil(request.auth, request.params.id, request.body),
  );

  app.get('/calls/:id/council', { schema: { tags, params: IdParamsSchema, response: { 200: CouncilSchema, ...errors } } }, (request) =>
    council.getCouncil(request.auth, request.params.id),
  );

  app.post('/calls/:id/council/votes', { schema: { tags, params: IdParamsSchema, body: CastVoteBodySchema, response: { 200: CouncilSchema, ...errors } } }, (request) =>
    council.castVote(request.auth, request.params.id, request.body),
  );

  app.post('/calls/:id/outcomes', { schema: { tags, params: IdParamsSchema, body: RecordOutcomeBodySchema, response: { 200: ProposalResultSchema, ...errors } } }, (request) =>
    council.recordOutcome(request.auth, request.params.id, request.body),
  );

  app.get('/proposals/:id/call-feedback', { schema: { tags, params: IdParamsSchema, response: { 200: CallFeedbackSchema, ...errors } } }, (request) =>
    results.getFeedback(request.auth, request.params.id),
  );
};
