import path from 'node:path';
import Type from 'typebox';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponseSchema, IdParamsSchema } from '../../../shared/schemas/common.ts';
import { ProposalAttachmentSchema } from '../../../shared/schemas/proposals.ts';
import {
  AcceptReportBodySchema, AtRiskBodySchema, ChangeRequestParamsSchema, CompleteBodySchema, DecideChangeBodySchema, DisbursementParamsSchema,
  MilestoneParamsSchema, PartnershipDetailSchema, PartnershipListQuerySchema, PartnershipPageSchema, PartnershipReportSchema, ProposeChangeBodySchema,
  RecordDisbursementBodySchema, ReportAttachmentParamsSchema, ReportParamsSchema, ReturnReportBodySchema, ReverseDisbursementBodySchema, SubmitReportBodySchema, TerminateBodySchema,
} from '../../../shared/schemas/partnerships.ts';
import { createLocalDiskStorage } from '../../storage/local-disk.storage.ts';
import { sendPdfDownload } from '../../storage/pdf-files.ts';
import { createPartnershipsService } from './partnerships.service.ts';
import { createReportsService } from './partnerships.reports.ts';
import { createMoneyService } from './partnerships.money.ts';
import { createChangesService } from './partnerships.changes.ts';
import { createAtRiskJob } from './partnerships.at-risk.ts';
import { firstUploadPart } from '../../storage/upload-part.ts';

const errors = {
  400: ErrorResponseSchema, 401: ErrorResponseSchema, 403: ErrorResponseSchema, 404: ErrorResponseSchema, 409: ErrorResponseSchema,
  413: ErrorResponseSchema, 415: ErrorResponseSchema,
};
const tags = ['partnerships'];
const detail = { 200: PartnershipDetailSchema, ...errors };
// How often the server looks for overdue milestones; dates move by days, so hourly is plenty.
const AT_RISK_SWEEP_MS = 60 * 60 * 1000;

export interface PartnershipsRoutesOptions {
  dataDir: string;
  maxUploadMb: number;
  atRiskDays: number;
}

export const partnershipsRoutes: FastifyPluginAsyncTypebox<PartnershipsRoutesOptions> = async (app, options) => {
  // Report PDFs only; everywhere else multipart bodies stay a 415.
  await app.register(multipart, { limits: { fileSize: options.maxUploadMb * 1024 * 1024, files: 1, fields: 0, parts: 1 } });
  const service = createPartnershipsService({
    db: app.db, storage: createLocalDiskStorage(path.join(options.dataDir, 'uploads')), maxUploadMb: options.maxUploadMb, atRiskDays: options.atRiskDays, hub: app.alerts.hub,
  });
  const ctx = service.context;
  const reports = createReportsService(ctx);
  const money = createMoneyService(ctx);
  const changes = createChangesService(ctx);
  const atRisk = createAtRiskJob({ ctx, atRiskDays: options.atRiskDays, log: app.log.child({ module: 'partnerships' }), exclusive: (run) => app.database.runExclusive('partnerships-at-risk', run) });

  let sweep: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  const runSweep = () => {
    running ??= atRisk.runOnce().catch((error) => app.log.error({ err: error }, 'at-risk sweep failed')).finally(() => { running = null; });
  };
  app.addHook('onReady', async () => {
    runSweep();
    sweep = setInterval(runSweep, AT_RISK_SWEEP_MS);
    sweep.unref();
  });
  app.addHook('onClose', async () => {
    if (sweep) clearInterval(sweep);
    await running;
  });

  app.get('/', { schema: { tags, querystring: PartnershipListQuerySchema, response: { 200: PartnershipPageSchema, ...errors } } }, (request) =>
    service.listPartnerships(request.auth, request.query),
  );
  app.get('/:id', { schema: { tags, params: IdParamsSchema, response: detail } }, (request) => service.getPartnership(request.auth, request.params.id));

  app.post('/:id/terminate', { schema: { tags, params: IdParamsSchema, body: TerminateBodySchema, response: detail } }, (request) =>
    service.terminate(request.auth, request.params.id, request.body),
  );
  app.post('/:id/at-risk', { schema: { tags, params: IdParamsSchema, body: AtRiskBodySchema, response: detail } }, (request) =>
    service.setAtRisk(request.auth, request.params.id, request.body),
  );
  app.post('/:id/complete', { schema: { tags, params: IdParamsSchema, body: CompleteBodySchema, response: detail } }, (request) =>
    service.complete(request.auth, request.params.id, request.body),
  );

  app.post('/:id/milestones/:milestoneId/reports', { schema: { tags, params: MilestoneParamsSchema, body: SubmitReportBodySchema, response: { 201: PartnershipReportSchema, ...errors } } }, async (request, reply) =>
    reply.status(201).send(await reports.submit(request.auth, request.params.id, request.params.milestoneId, request.body)),
  );
  app.post('/:id/reports/:reportId/accept', { schema: { tags, params: ReportParamsSchema, body: AcceptReportBodySchema, response: detail } }, (request) =>
    reports.accept(request.auth, request.params.id, request.params.reportId, request.body),
  );
  app.post('/:id/reports/:reportId/return', { schema: { tags, params: ReportParamsSchema, body: ReturnReportBodySchema, response: detail } }, (request) =>
    reports.returnReport(request.auth, request.params.id, request.params.reportId, request.body),
  );
  // multipart/form-data with one PDF in the field "file"; streamed, checked by content, KOPIR_MAX_UPLOAD_MB.
  app.post(
    '/:id/reports/:reportId/attachments',
    { schema: { tags, consumes: ['multipart/form-data'], description: 'Upload one PDF as multipart/form-data in the field "file".', params: ReportParamsSchema, response: { 201: ProposalAttachmentSchema, ...errors } } },
    async (request, reply) => {
      const part = await firstUploadPart(request);
      const file = part && part.fieldname === 'file' ? { fileName: part.filename, stream: part.file } : undefined;
      if (part && !file) part.file.resume();
      return reply.status(201).send(await reports.attach(request.auth, request.params.id, request.params.reportId, file));
    },
  );
  app.get(
    '/:id/reports/:reportId/attachments/:attachmentId',
    { schema: { tags, params: ReportAttachmentParamsSchema, produces: ['application/pdf'], response: { 200: Type.Unsafe<unknown>({ type: 'string', format: 'binary', description: 'The PDF' }), ...errors } } },
    async (request, reply) => sendPdfDownload(reply, await reports.openAttachment(request.auth, request.params.id, request.params.reportId, request.params.attachmentId)),
  );

  app.post('/:id/disbursements', { schema: { tags, params: IdParamsSchema, body: RecordDisbursementBodySchema, response: detail } }, (request) =>
    money.record(request.auth, request.params.id, request.body),
  );
  app.post('/:id/disbursements/:disbursementId/reverse', { schema: { tags, params: DisbursementParamsSchema, body: ReverseDisbursementBodySchema, response: detail } }, (request) =>
    money.reverse(request.auth, request.params.id, request.params.disbursementId, request.body),
  );

  app.post('/:id/change-requests', { schema: { tags, params: IdParamsSchema, body: ProposeChangeBodySchema, response: detail } }, (request) =>
    changes.propose(request.auth, request.params.id, request.body),
  );
  app.post('/:id/change-requests/:requestId/accept', { schema: { tags, params: ChangeRequestParamsSchema, body: DecideChangeBodySchema, response: detail } }, (request) =>
    changes.accept(request.auth, request.params.id, request.params.requestId, request.body),
  );
  app.post('/:id/change-requests/:requestId/reject', { schema: { tags, params: ChangeRequestParamsSchema, body: DecideChangeBodySchema, response: detail } }, (request) =>
    changes.reject(request.auth, request.params.id, request.params.requestId, request.body),
  );
  app.post('/:id/change-requests/:requestId/withdraw', { schema: { tags, params: ChangeRequestParamsSchema, response: detail } }, (request) =>
    changes.withdraw(request.auth, request.params.id, request.params.requestId),
  );
};
