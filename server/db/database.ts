import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fillPlaceholders, sql, type SQL } from 'drizzle-orm';
import { PgDialect, type PgDatabase, type PgQueryResultHKT, type PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import * as schema from './schema.ts';

export type Schema = typeof schema;
/** The Drizzle handle, identical for PostgreSQL (pg) and the embedded PGlite. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Repos accept either the database or an open transaction. */
export type DbOrTx = Db | Tx;

export interface Database {
  db: Db;
  driver: 'postgres' | 'pglite';
  migrate(): Promise<void>;
  ping(): Promise<number>;
  close(): Promise<void>;
  /** PostgreSQL's connection string (for a LISTEN connection); null for the embedded database. */
  connectionString: string | null;
  /**
   * Runs `work` unless another server process is running work of the same name on this database
   * (a PostgreSQL advisory lock held on its own connection; a crashed holder's lock goes with its
   * connection). Answers null when skipped. The embedded database has one process: it just runs.
   */
  runExclusive<T>(name: string, work: () => Promise<T>): Promise<T | null>;
  /**
   * A hot statement whose text never changes, its data in `sql.placeholder(name)`s: turned into text
   * once, not at every call (building a large statement from the query builder allocates tens of
   * kilobytes, and the garbage collector's pauses are the socket's latency). On PostgreSQL it also
   * runs as a named statement, parsed and planned once per pooled connection.
   */
  prepare(name: string, query: SQL): PreparedStatement;
  /** PGlite only: the data directory as a tarball (tests start from a migrated template). */
  dumpDataDir?(): Promise<Blob>;
}

export type PreparedStatement = (values: Record<string, unknown>) => Promise<{ rows: unknown[] }>;

/** First key of Kopir's advisory locks, so they cannot collide with another application's on a shared server. */
const ADVISORY_LOCK_NAMESPACE = 0x4b4f50; // "KOP"

export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface DatabaseOptions {
  databaseUrl: string | null;
  /** Folder for the embedded database; null means in memory (tests). */
  pgliteDir: string | null;
  /** A dumped PGlite data dir to start from (tests start from a migrated template). */
  pgliteTemplate?: Blob | File;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openPglite(options.pgliteDir, options.pgliteTemplate);
}

async function openPostgres(databaseUrl: string): Promise<Database> {
  const { default: pg } = await import('pg');
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const { migrate } = await import('drizzle-orm/node-postgres/migrator');
  // bigint (int8) columns come back as strings by default; tenge amounts fit a JS number exactly.
  pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  // An idle connection dropped by the server (restart, failover, admin) is emitted on the pool;
  // unhandled, that event would crash the process. The pool replaces the connection on next use.
  pool.on('error', (error) => console.error(`PostgreSQL dropped an idle connection: ${error.message}`));
  const db = drizzle(pool, { schema }) as unknown as Db;
  const dialect = new PgDialect();
  return {
    db,
    driver: 'postgres',
    connectionString: databaseUrl,
    migrate: () => migrate(db as never, { migrationsFolder: MIGRATIONS_DIR }),
    ping: () => measurePing(db),
    close: () => pool.end(),
    prepare(name, query) {
      const { sql: text, params } = dialect.sqlToQuery(query);
      return (values) => pool.query({ name, text, values: fillPlaceholders(params, values) });
    },
    async runExclusive(name, work) {
      const connection = await pool.connect();
      // The lock lives and dies with this connection. If the server drops it mid-run, log instead of
      // crashing: the run finishes, and another process may then start the same work once.
      let lost: Error | undefined;
      const onLost = (error: Error) => {
        lost = error;
        console.error(`PostgreSQL dropped the connection holding the "${name}" lock: ${error.message}`);
      };
      connection.on('error', onLost);
      try {
        const { rows } = await connection.query<{ locked: boolean }>('select pg_try_advisory_lock($1, hashtext($2)) as locked', [ADVISORY_LOCK_NAMESPACE, name]);
        if (!rows[0].locked) return null;
        try {
          return await work();
        } finally {
          await connection.query('select pg_advisory_unlock($1, hashtext($2))', [ADVISORY_LOCK_NAMESPACE, name]).catch((error: Error) => (lost ??= error));
        }
      } finally {
        connection.removeListener('error', onLost);
        // A broken connection is discarded rather than returned to the pool.
        connection.release(lost);
      }
    },
  };
}

async function openPglite(dataDir: string | null, template?: Blob | File): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  const client = new PGlite({ dataDir: dataDir ?? undefined, loadDataDir: template });
  await client.waitReady;
  const db = drizzle(client, { schema }) as unknown as Db;
  const dialect = new PgDialect();
  return {
    db,
    driver: 'pglite',
    connectionString: null,
    runExclusive: (_name, work) => work(),
    migrate: () => migrate(db as never, { migrationsFolder: MIGRATIONS_DIR }),
    ping: () => measurePing(db),
    close: () => client.close(),
    prepare(_name, query) {
      const { sql: text, params } = dialect.sqlToQuery(query);
      return (values) => client.query(text, fillPlaceholders(params, values));
    },
    dumpDataDir: () => client.dumpDataDir('gzip'),
  };
}

async function measurePing(db: Db): Promise<number> {
  const started = performance.now();
  await db.execute(sql`select 1`);
  return performance.now() - started;
}
