import { buildApp } from './app.ts';
import type { AppConfig } from './config.ts';
import { openMigratedDatabase } from './runtime.ts';
import { seedDemoDataIfEmpty } from './modules/importer/seed.ts';
import { createUploadsStorage } from './storage/local-disk.storage.ts';
import { ensureWebBuilt } from './web-build.ts';

const SHUTDOWN_GRACE_MS = 10_000;
// A lock left without a recorded holder (an older Kopir) goes stale 10 s after the holder died.
const STALE_LOCK_WAIT_MS = 12_000;

function loggerOptions(config: AppConfig) {
  // Pretty logs for people at a terminal, JSON lines for machines.
  return process.stdout.isTTY
    ? { level: config.logLevel, transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname' } } }
    : { level: config.logLevel };
}

/** `kopir serve`: database, demo data on first start, web build, HTTP, and a graceful stop. */
export async function serve(config: AppConfig) {
  const started = performance.now();
  await ensureWebBuilt(config.webDir);
  const opened = await openMigratedDatabase(config, { waitForStaleMs: STALE_LOCK_WAIT_MS });
  const app = await buildApp(config, { database: opened.database, logger: loggerOptions(config) });
  if (opened.takenOverFrom) {
    app.log.warn({ previousPid: opened.takenOverFrom.pid, dataDir: config.dataDir }, 'took over the data directory from a Kopir process that is no longer running');
  }
  app.addHook('onClose', () => opened.close());
  if (config.demoData) {
    const seeded = await seedDemoDataIfEmpty(opened.database.db, app.log, createUploadsStorage(config.dataDir));
    if (seeded) app.log.info(seeded, 'seeded demo data (KOPIR_DEMO_DATA=false to skip)');
  }

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      app.log.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    timer.unref();
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  const address = await app.listen({ port: config.port, host: config.host });
  app.log.info({ address, startupMs: Math.round(performance.now() - started) }, `Kopir is ready: http://localhost:${config.port}`);
  return app;
}
