import Type from 'typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponseSchema } from '../../../shared/schemas/common.ts';
import {
  PublicOpenDataSchema, PublicPartnershipFilterSchema, PublicPartnershipPageSchema, PublicPartnershipQuerySchema, PublicStatsSchema,
} from '../../../shared/schemas/public.ts';
import { createPublicService } from './public.service.ts';
import { toCsv } from './public.csv.ts';

export interface PublicRoutesOptions {
  /** Requests per minute per address to each public route (KOPIR_PUBLIC_RATE_LIMIT). */
  rateLimit: number;
}

const errors = { 400: ErrorResponseSchema, 429: ErrorResponseSchema };
const tags = ['public'];

/**
 * The public transparency API: no sign-in, no access check on purpose — every answer is built only from
 * partnerships both parties agreed to publish (see public.repo.ts). Limited per address, since anyone
 * may call it and the downloads are whole tables.
 */
export const publicRoutes: FastifyPluginAsyncTypebox<PublicRoutesOptions> = async (app, options) => {
  const service = createPublicService({ db: app.db });
  const config = {
    rateLimit: {
      max: options.rateLimit,
      timeWindow: '1 minute',
      errorResponseBuilder: (_request: unknown, context: { ttl: number }) => ({
        statusCode: 429,
        message: `Too many requests to the public API. Try again in ${Math.ceil(context.ttl / 1000)} seconds.`,
      }),
    },
  };
  const download = (extension: 'csv' | 'json') => `attachment; filename="kopir-partnerships-${new Date().toISOString().slice(0, 10)}.${extension}"`;

  app.get('/stats', { config, schema: { tags, description: 'Funding by priority area, region, source and year over public partnerships.', response: { 200: PublicStatsSchema, ...errors } } }, () =>
    service.getStats(),
  );

  app.get('/partnerships', { config, schema: { tags, querystring: PublicPartnershipQuerySchema, response: { 200: PublicPartnershipPageSchema, ...errors } } }, (request) =>
    service.listPartnerships(request.query),
  );

  app.get(
    '/partnerships.csv',
    {
      config,
      schema: {
        tags,
        description: 'Open data as CSV (UTF-8 with BOM, RFC 4180); columns in docs/open-data.md.',
        querystring: PublicPartnershipFilterSchema,
        produces: ['text/csv'],
        response: { 200: Type.Unsafe<string>({ type: 'string', description: 'CSV' }), ...errors },
      },
    },
    async (request, reply) => {
      const data = await service.openData(request.query);
      return reply.type('text/csv; charset=utf-8').header('content-disposition', download('csv')).send(toCsv(data.grants));
    },
  );

  app.get('/partnerships.json', { config, schema: { tags, description: 'Open data as JSON, in the shape of a 360Giving data package.', querystring: PublicPartnershipFilterSchema, response: { 200: PublicOpenDataSchema, ...errors } } }, async (request, reply) => {
    const data = await service.openData(request.query);
    return reply.header('content-disposition', download('json')).send(data);
  });
};
