import Fastify, { type FastifyServerOptions } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppConfig } from './config.ts';
import type { Database } from './db/database.ts';
import { resolveSecret } from './secret.ts';
import { errorsPlugin } from './plugins/errors.ts';
import { securityHeadersPlugin } from './plugins/security-headers.ts';
import { validationPlugin } from './plugins/validation.ts';
import { databasePlugin } from './plugins/database.ts';
import { fanoutPlugin } from './plugins/fanout.ts';
import { searchPlugin } from './plugins/search.ts';
import { authPlugin } from './plugins/auth.ts';
import { openapiPlugin } from './plugins/openapi.ts';
import { webPlugin } from './plugins/web.ts';
import { indexerPlugin } from './plugins/indexer.ts';
import { websocketPlugin } from './plugins/websocket.ts';
import { alertsPlugin } from './plugins/alerts.ts';
import { mailerPlugin } from './plugins/mailer.ts';
import { registerModules } from './modules/index.ts';

export interface BuildAppOptions {
  /** An opened, migrated database; the caller owns its lifetime (main, CLI, tests). */
  database: Database;
  logger?: FastifyServerOptions['logger'];
  /** Run the background indexing loop (tests drain the outbox explicitly instead). */
  indexInBackground?: boolean;
}

const trustHops = (hops: number) => (_address: string, hop: number) => hop < hops;

/** Builds the whole application from a config; main.ts listens, tests inject or listen on port 0. */
export async function buildApp(config: AppConfig, { database, logger = false, indexInBackground = true }: BuildAppOptions) {
  const app = Fastify({
    logger,
    // Fastify takes a hop count at run time but its types do not: the same rule as a function.
    trustProxy: typeof config.trustProxy === 'number' ? trustHops(config.trustProxy) : config.trustProxy,
    bodyLimit: 2 * 1024 * 1024,
  }).withTypeProvider<TypeBoxTypeProvider>();

  await app.register(errorsPlugin);
  await app.register(securityHeadersPlugin, { webDir: config.webDir });
  await app.register(validationPlugin);
  await app.register(databasePlugin, { database });
  await app.register(fanoutPlugin);
  await app.register(searchPlugin, {
    meiliUrl: config.meiliUrl,
    meiliMasterKey: config.meiliMasterKey,
    indexPrefix: config.meiliIndexPrefix,
    dataDir: config.dataDir,
    indexingThreads: config.meiliIndexingThreads,
  });
  await app.register(indexerPlugin, { config, startLoop: indexInBackground });
  await app.register(mailerPlugin, { config });
  await app.register(alertsPlugin, { config });
  await app.register(websocketPlugin);
  await app.register(authPlugin, { secret: await resolveSecret(config), cookieSecure: config.cookieSecure });
  await app.register(openapiPlugin);
  await registerModules(app, config);
  await app.register(webPlugin, { webDir: config.webDir });
  return app;
}
export type App = Awaited<ReturnType<typeof buildApp>>;
