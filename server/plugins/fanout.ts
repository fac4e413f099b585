import fp from 'fastify-plugin';
import { createInProcessFanout, createPostgresFanout, type Fanout } from '../db/fanout.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Messages to every server process on this database (live notifications, negotiation rooms). */
    fanout: Fanout;
  }
}

/** LISTEN/NOTIFY on PostgreSQL, so several processes behind one database reach each other's sockets. */
export const fanoutPlugin = fp(
  async (app) => {
    const { connectionString, db } = app.database;
    const fanout = connectionString
      ? await createPostgresFanout({ connectionString, db, log: app.log.child({ module: 'fanout' }) })
      : createInProcessFanout();
    app.decorate('fanout', fanout);
    app.addHook('onClose', () => fanout.close());
  },
  { name: 'fanout', dependencies: ['database'] },
);
