import fp from 'fastify-plugin';
import type { AppConfig } from '../config.ts';
import { createMailer, type Mailer } from '../modules/alerts/digest.mailer.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** All mail (digests, invitations, password resets): one SMTP transport when SMTP_URL is set, else the log. */
    mailer: Mailer;
  }
}

export const mailerPlugin = fp<{ config: AppConfig }>(
  async (app, { config }) => {
    const mailer = createMailer(config.smtp, app.log.child({ module: 'mailer' }));
    app.decorate('mailer', mailer);
    app.addHook('onClose', async () => mailer.close());
  },
  { name: 'mailer' },
);
