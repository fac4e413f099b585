import Type from 'typebox';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponseSchema, IdParamsSchema } from '../../../shared/schemas/common.ts';
import {
  AttachmentParamsSchema, CompareProposalsQuerySchema, CreateProposalBodySchema, DeclineProposalBodySchema, ProposalAttachmentSchema,
  ProposalComparisonListSchema, ProposalListQuerySchema, ProposalPageSchema, ProposalSchema, TaskProposalsQuerySchema, UpdateProposalBodySchema,
  WithdrawProposalBodySchema,
} from '../../../shared/schemas/proposals.ts';
import { createUploadsStorage } from '../../storage/local-disk.storage.ts';
import { sendPdfDownload } from '../../storage/pdf-files.ts';
import { createMatchingService, resolveLocale } from '../matching/matching.service.ts';
import { createProposalsService } from './proposals.service.ts';
import { firstUploadPart } from '../../storage/upload-part.ts';

const errors = {
  400: ErrorResponseSchema, 401: ErrorResponseSchema, 403: ErrorResponseSchema, 404: ErrorResponseSchema, 409: ErrorResponseSchema,
  413: ErrorResponseSchema, 415: ErrorResponseSchema, 422: ErrorResponseSchema,
};
const tags = ['proposals'];
// How often the server looks for proposals that waited too long; each is reported once.
const OVERDUE_SWEEP_MS = 60 * 60 * 1000;

export interface ProposalsRoutesOptions {
  dataDir: string;
  maxUploadMb: number;
  responseDays: number;
  regionWeight: number;
}

export const proposalsRoutes: FastifyPluginAsyncTypebox<ProposalsRoutesOptions> = async (app, options) => {
  const maxUploadBytes = options.maxUploadMb * 1024 * 1024;
  // Only this module takes multipart bodies; everywhere else they stay a 415.
  await app.register(multipart, { limits: { fileSize: maxUploadBytes, files: 1, fields: 0, parts: 1 } });
  const matching = createMatchingService({ db: app.db, meili: app.meili.client, indexNames: app.indexNames, embedder: app.embedder, regionWeight: options.regionWeight });
  const service = createProposalsService({
    db: app.db,
    storage: createUploadsStorage(options.dataDir),
    responseDays: options.responseDays,
    maxUploadMb: options.maxUploadMb,
    hub: app.alerts.hub,
    matchInstitutesForTask: matching.matchInstitutesForTask,
    liveRoomEvents: { fanout: app.fanout, inTransaction: app.database.driver === 'postgres' },
  });

  let sweep: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  const runSweep = () => {
    running ??= service
      .reportOverdue()
      .catch((error) => app.log.error({ err: error }, 'overdue proposals sweep failed'))
      .finally(() => {
        running = null;
      });
  };
  app.addHook('onReady', async () => {
    runSweep();
    sweep = setInterval(runSweep, OVERDUE_SWEEP_MS);
    sweep.unref();
  });
  app.addHook('onClose', async () => {
    if (sweep) clearInterval(sweep);
    // The database closes after the app: let a sweep in flight finish first.
    await running;
  });

  app.post('/tasks/:id/proposals', { schema: { tags, params: IdParamsSchema, body: CreateProposalBodySchema, response: { 201: ProposalSchema, ...errors } } }, async (request, reply) =>
    reply.status(201).send(await service.createProposal(request.auth, request.params.id, request.body)),
  );

  app.get('/tasks/:id/proposals', { schema: { tags, params: IdParamsSchema, querystring: TaskProposalsQuerySchema, response: { 200: ProposalPageSchema, ...errors } } }, (request) =>
    service.listTaskProposals(request.auth, request.params.id, request.query),
  );

  app.get('/proposals', { schema: { tags, querystring: ProposalListQuerySchema, response: { 200: ProposalPageSchema, ...errors } } }, (request) =>
    service.listProposals(request.auth, request.query),
  );

  app.get('/proposals/compare', { schema: { tags, querystring: CompareProposalsQuerySchema, response: { 200: ProposalComparisonListSchema, ...errors } } }, (request) =>
    service.compareProposals(request.auth, request.query, resolveLocale(request.auth, undefined, request.headers['accept-language'])),
  );

  app.get('/proposals/:id', { schema: { tags, params: IdParamsSchema, response: { 200: ProposalSchema, ...errors } } }, (request) =>
    service.getProposal(request.auth, request.params.id),
  );

  app.patch('/proposals/:id', { schema: { tags, params: IdParamsSchema, body: UpdateProposalBodySchema, response: { 200: ProposalSchema, ...errors } } }, (request) =>
    service.updateProposal(request.auth, request.params.id, request.body),
  );

  app.post('/proposals/:id/submit', { schema: { tags, params: IdParamsSchema, response: { 200: ProposalSchema, ...errors } } }, (request) =>
    service.submitProposal(request.auth, request.params.id),
  );

  app.post('/proposals/:id/withdraw', { schema: { tags, params: IdParamsSchema, body: WithdrawProposalBodySchema, response: { 200: ProposalSchema, ...errors } } }, (request) =>
    service.withdrawProposal(request.auth, request.params.id, request.body),
  );

  app.post('/proposals/:id/shortlist', { schema: { tags, params: IdParamsSchema, response: { 200: ProposalSchema, ...errors } } }, (request) =>
    service.shortlistProposal(request.auth, request.params.id),
  );

  app.post('/proposals/:id/decline', { schema: { tags, params: IdParamsSchema, body: DeclineProposalBodySchema, response: { 200: ProposalSchema, ...errors } } }, (request) =>
    service.declineProposal(request.auth, request.params.id, request.body),
  );

  // multipart/form-data with one PDF in the field "file" (streamed, KOPIR_MAX_UPLOAD_MB). No body
  // schema: the parts are read as a stream below, and the validation plugin sees no JSON fields.
  app.post(
    '/proposals/:id/attachments',
    { schema: { tags, consumes: ['multipart/form-data'], description: 'Upload one PDF as multipart/form-data in the field "file".', params: IdParamsSchema, response: { 201: ProposalAttachmentSchema, ...errors } } },
    async (request, reply) => {
      const part = await firstUploadPart(request);
      const file = part && part.fieldname === 'file' ? { fileName: part.filename, stream: part.file } : undefined;
      if (part && !file) part.file.resume();
      return reply.status(201).send(await service.addAttachment(request.auth, request.params.id, file));
    },
  );

  app.get(
    '/proposals/:id/attachments/:attachmentId',
    { schema: { tags, params: AttachmentParamsSchema, produces: ['application/pdf'], response: { 200: Type.Unsafe<unknown>({ type: 'string', format: 'binary', description: 'The PDF' }), ...errors } } },
    async (request, reply) => {
      return sendPdfDownload(reply, await service.openAttachment(request.auth, request.params.id, request.params.attachmentId));
    },
  );
};
