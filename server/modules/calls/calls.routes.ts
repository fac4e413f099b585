import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponseSchema, IdParamsSchema } from '../../../shared/schemas/common.ts';
import {
  CallListQuerySchema, CallPageSchema, CallProposalCreatedSchema, CallSchema, CallStatusBodySchema, CreateCallBodySchema, CreateCallProposalBodySchema,
  PublicCallSchema, UpdateCallBodySchema, type PublicCall,
} from '../../../shared/schemas/calls.ts';
import { createCallsService } from './calls.service.ts';
import { createCouncilService } from './council.service.ts';
import { createResultsService } from './results.service.ts';
import { createExpertsService } from './experts.service.ts';
import { expertsRoutes } from './experts.routes.ts';
import { councilRoutes } from './council.routes.ts';
import { createModerationService } from './moderation.service.ts';
import { moderationRoutes } from './moderation.routes.ts';

const errors = { 400: ErrorResponseSchema, 401: ErrorResponseSchema, 403: ErrorResponseSchema, 404: ErrorResponseSchema, 409: ErrorResponseSchema, 422: ErrorResponseSchema };
const tags = ['calls'];

export interface CallsRoutesOptions {
  /** The clock; tests pass one they can move past a deadline. */
  now?: () => Date;
}

/** Competitive calls: public reading, the program office's procedure, institutes' proposals; experts and council below. */
export const callsRoutes: FastifyPluginAsyncTypebox<CallsRoutesOptions> = async (app, options) => {
  const now = options.now ?? (() => new Date());
  const council = createCouncilService({ db: app.db, hub: app.alerts.hub, now });
  const results = createResultsService({ db: app.db, now });
  const moderation = createModerationService({ db: app.db, now, hub: app.alerts.hub, experts: createExpertsService({ db: app.db, now }) });
  // Into the council: no moderation round left open, checked first for the clear message and again
  // inside the move's transaction (a round opened meanwhile is seen there).
  const service = createCallsService(
    { db: app.db, now },
    {
      check: async (call, to) => {
        if (to === 'council') await moderation.requireNoneOpen(call.id);
        await council.checkStage(call, to);
      },
      afterEnter: async (call, to, tx) => {
        if (to !== 'council') return;
        await moderation.requireNoneOpen(call.id, tx);
        await council.recordConflictAbstentions(call, tx);
      },
    },
  );

  app.get('/public/calls', { schema: { tags, querystring: CallListQuerySchema, response: { 200: CallPageSchema, ...errors } } }, (request) => service.listPublicCalls(request.query));

  app.get('/public/calls/:id', { schema: { tags, params: IdParamsSchema, response: { 200: PublicCallSchema, ...errors } } }, async (request): Promise<PublicCall> => {
    const { found, call } = await service.getPublicCallRow(request.params.id);
    const computed = await results.computeResults(found.call);
    const funded = computed.items
      .filter((item) => item.outcome?.funded && item.tally)
      .map((item) => ({ proposalId: item.proposal.id, title: item.proposal.title, institute: item.proposal.institute, amountKzt: item.outcome!.amountKzt ?? 0, tally: item.tally! }));
    return { ...call, funded };
  });

  app.get('/calls', { schema: { tags, querystring: CallListQuerySchema, response: { 200: CallPageSchema, ...errors } } }, (request) => service.listOwnCalls(request.auth, request.query));

  app.post('/calls', { schema: { tags, body: CreateCallBodySchema, response: { 201: CallSchema, ...errors } } }, async (request, reply) =>
    reply.status(201).send(await service.createCall(request.auth, request.body)),
  );

  app.get('/calls/:id', { schema: { tags, params: IdParamsSchema, response: { 200: CallSchema, ...errors } } }, (request) => service.getCall(request.auth, request.params.id));

  app.patch('/calls/:id', { schema: { tags, params: IdParamsSchema, body: UpdateCallBodySchema, response: { 200: CallSchema, ...errors } } }, (request) =>
    service.updateCall(request.auth, request.params.id, request.body),
  );

  app.post('/calls/:id/status', { schema: { tags, params: IdParamsSchema, body: CallStatusBodySchema, response: { 200: CallSchema, ...errors } } }, (request) =>
    service.changeStatus(request.auth, request.params.id, request.body),
  );

  app.post('/calls/:id/proposals', { schema: { tags, params: IdParamsSchema, body: CreateCallProposalBodySchema, response: { 201: CallProposalCreatedSchema, ...errors } } }, async (request, reply) =>
    reply.status(201).send(await service.createCallProposal(request.auth, request.params.id, request.body)),
  );

  await app.register(expertsRoutes, { now });
  await app.register(councilRoutes, { now, council, results });
  await app.register(moderationRoutes, { moderation });
};

