import Type from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponseSchema } from '../../../shared/schemas/common.ts';
import {
  ExportQuerySchema, FunnelSchema, LedgerQuerySchema, LedgerSchema, PortfolioPageSchema, PortfolioQuerySchema, ProgramScopeQuerySchema, ReconciliationSchema,
  ScorecardsSchema,
} from '../../../shared/schemas/program.ts';
import { createProgramService } from './program.service.ts';
import { createProgramExport } from './program.export.ts';

const errors = { 400: ErrorResponseSchema, 401: ErrorResponseSchema, 403: ErrorResponseSchema };
const tags = ['program'];

/** The program manager's workspace: read-only figures for program offices and admins. */
export const programRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = createProgramService({ db: app.db });
  const exportTable = createProgramExport({ db: app.db, service });

  app.get('/portfolio', { schema: { tags, querystring: PortfolioQuerySchema, response: { 200: PortfolioPageSchema, ...errors } } }, (request) =>
    service.portfolio(request.auth, request.query),
  );

  app.get('/ledger', { schema: { tags, querystring: LedgerQuerySchema, response: { 200: LedgerSchema, ...errors } } }, (request) =>
    service.ledger(request.auth, request.query),
  );

  app.get('/reconciliation', { schema: { tags, response: { 200: ReconciliationSchema, ...errors } } }, (request) => service.reconciliation(request.auth));

  app.get('/funnel', { schema: { tags, querystring: ProgramScopeQuerySchema, response: { 200: FunnelSchema, ...errors } } }, (request) =>
    service.funnel(request.auth, request.query),
  );

  app.get('/scorecards', { schema: { tags, querystring: ProgramScopeQuerySchema, response: { 200: ScorecardsSchema, ...errors } } }, (request) =>
    service.scorecards(request.auth, request.query),
  );

  app.get(
    '/export',
    {
      schema: {
        tags,
        description: 'One table of the workspace as CSV (UTF-8 with BOM, CRLF); columns are listed in the README.',
        querystring: ExportQuerySchema,
        produces: ['text/csv'],
        response: { 200: Type.Unsafe<string>({ type: 'string', description: 'CSV' }), ...errors },
      },
    },
    async (request, reply) => {
      const csv = await exportTable(request.auth, request.query.table, request.query);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="kopir-${request.query.table}.csv"`)
        .header('cache-control', 'private, no-store')
        .send(csv);
    },
  );
};
