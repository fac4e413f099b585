import fp from 'fastify-plugin';
import type { AppConfig } from '../config.ts';
import { createSearchService } from '../modules/search/search.service.ts';
import { createMatchingService } from '../modules/matching/matching.service.ts';
import { createAlertsService, type AlertsService } from '../modules/alerts/alerts.service.ts';
import { createProfileMatcher } from '../modules/alerts/alerts.profiles.ts';
import { createNotificationsHub, type NotificationsHub } from '../modules/alerts/notifications.hub.ts';
import { createDigestJob, type DigestJob } from '../modules/alerts/digest.job.ts';

declare module 'fastify' {
  interface FastifyInstance {
    alerts: {
      hub: NotificationsHub;
      service: AlertsService;
      digest: DigestJob;
    };
  }
}

/**
 * Alerts follow the indexer: a task that reached the search index is searchable, so saved searches
 * can be run against it. E-mail digests run on a timer from ready to close.
 */
export const alertsPlugin = fp<{ config: AppConfig }>(
  async (app, { config }) => {
    const { client: meili } = app.meili;
    const search = createSearchService({ meili, indexNames: app.indexNames, embedder: app.embedder, defaultSemanticRatio: config.semanticRatio });
    const matching = createMatchingService({ db: app.db, meili, indexNames: app.indexNames, embedder: app.embedder, regionWeight: config.matchRegionWeight });
    const hub = createNotificationsHub({ fanout: app.fanout, log: app.log.child({ module: 'notifications' }) });
    const service = createAlertsService({ db: app.db, search, matchProfiles: createProfileMatcher(matching), hub, log: app.log.child({ module: 'alerts' }) });
    const digest = createDigestJob({
      db: app.db,
      mailer: app.mailer,
      log: app.log.child({ module: 'digest' }),
      publicUrl: config.publicUrl,
      intervalMs: config.digestIntervalMinutes * 60_000,
      // Several processes may share the database: one of them mails a given run.
      exclusive: (run) => app.database.runExclusive('email-digest', run),
    });
    app.decorate('alerts', { hub, service, digest });

    app.indexer.events.on('tasksIndexed', service.enqueue);
    app.addHook('onReady', async () => digest.start());
    app.addHook('onClose', async () => {
      app.indexer.events.off('tasksIndexed', service.enqueue);
      await service.whenIdle();
      await digest.stop();
    });
  },
  { name: 'alerts', dependencies: ['database', 'fanout', 'search', 'indexer', 'mailer'] },
);
