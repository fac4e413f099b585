import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { HealthSchema, type Health } from '../../../shared/schemas/stats.ts';

/** Public on purpose: load balancers and uptime checks call it without credentials. */
export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/', { schema: { tags: ['health'], response: { 200: HealthSchema, 503: HealthSchema } } }, async (_request, reply) => {
    const [database, search, lag] = await Promise.all([
      app.database.ping().then(
        (latencyMs) => ({ status: 'ok' as const, latencyMs }),
        () => ({ status: 'down' as const, latencyMs: 0 }),
      ),
      app.meili.health(),
      app.indexer.lag().catch(() => ({ pending: 0, oldestAt: null })),
    ]);
    const meiliProcess = app.meili.processState();
    const oldestSeconds = lag.oldestAt ? Math.round((Date.now() - lag.oldestAt.getTime()) / 100) / 10 : 0;
    const status: Health['status'] = database.status === 'down' ? 'down' : search.status === 'down' ? 'degraded' : 'ok';
    return reply.status(status === 'down' ? 503 : 200).send({
      status,
      database: { ...database, driver: app.database.driver },
      search: {
        status: search.status,
        latencyMs: search.latencyMs,
        embedded: app.meili.embedded,
        indexLag: { pending: lag.pending, oldestSeconds },
        process: meiliProcess && { status: meiliProcess.status, restarts: meiliProcess.restarts, lastExitAt: meiliProcess.lastExitAt?.toISOString() ?? null },
      },
    });
  });
};
