// npm run bench:ws — live negotiation at scale: N concurrent clients in M two-party rooms, messages
// at a fixed total rate, against the real `kopir serve` (its own process, so its memory is its own),
// then the same load against a bare `ws` broadcast server with no persistence (the floor) and, on
// PostgreSQL, against that server committing each message before it answers (the durable floor).
// Prints connections held, fan-out latency p50/p99 (written → the other member has the persisted
// event), messages/s sustained, memory per connection, and Kopir's p99 against the floors'.
//
//   npm run bench:ws -- --clients 5000 --rooms 2500 --rate 1000 --duration 20 --warmup 5
//   DATABASE_URL=postgres://… npm run bench:ws      # PostgreSQL (a throwaway database on that server)
//   --database embedded|postgres, --auth token|session, --no-floor, --floor-only, --profile <dir>, --timeline
//   BENCH_NODE_ARGS="--trace-gc-nvp" BENCH_SERVER_OUT=/tmp/server.txt   node flags for the server, its output
// The npm script raises the open-files limit (`ulimit -n`); 5,000 clients need about 10,500 descriptors.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../server/config.ts';
import { openDatabase, type Database } from '../../server/db/database.ts';
import { startLocalMeilisearch } from '../../server/search/meili-process.ts';
import { createTemplateDatabase, dropDatabase, withDatabaseName } from '../../tests/helpers/postgres-databases.ts';
import { createHttpClient, freePort, startServer, stopServer } from '../../tests/helpers/server-process.ts';
import { seedRooms } from './lib/ws-seed.ts';
import { DRAIN_MS, runLoad, type LoadResult } from './lib/ws-load.ts';

const { values: flags } = parseArgs({
  options: {
    clients: { type: 'string', default: '5000' },
    rooms: { type: 'string' },
    rate: { type: 'string', default: '1000' },
    duration: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '5' },
    database: { type: 'string' },
    auth: { type: 'string', default: 'token' },
    'no-floor': { type: 'boolean', default: false },
    /** Only the bare floor (no database, no Kopir): checks the machine and the load generator. */
    'floor-only': { type: 'boolean', default: false },
    /** Writes a V8 CPU profile of the Kopir server into this directory (open it in Chrome DevTools). */
    profile: { type: 'string' },
    /** Also prints Kopir's latency second by second: where the slow messages bunch. */
    timeline: { type: 'boolean', default: false },
  },
});
const whole = (name: keyof typeof flags, value: string | undefined) => {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new Error(`--${name} must be a whole number above 0 (got "${value}")`);
  return number;
};
const CLIENTS = whole('clients', flags.clients);
const ROOMS = whole('rooms', flags.rooms ?? String(Math.ceil(CLIENTS / 2)));
const RATE = whole('rate', flags.rate);
const DURATION = whole('duration', flags.duration);
const WARMUP = Number(flags.warmup);
const DATABASE = (flags.database ?? (process.env.DATABASE_URL ? 'postgres' : 'embedded')) as 'embedded' | 'postgres';
if (DATABASE === 'postgres' && !process.env.DATABASE_URL) throw new Error('--database postgres needs DATABASE_URL');
if (flags.auth !== 'token' && flags.auth !== 'session') throw new Error('--auth is token or session');
const TARGETS = { connections: 5000, p99Ms: 50, rate: 1000, ratio: 3 };

const log = (line: string) => console.log(line);
const ms = (value: number) => (Number.isNaN(value) ? '—' : Number.isFinite(value) ? `${value.toFixed(1)} ms` : 'not delivered');

/** The bare floor; with a database URL, the durable floor (see ws-floor.child.ts). */
async function startFloor(databaseUrl: string | null): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('scripts/bench/lib/ws-floor.child.ts')], {
    stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, FLOOR_DATABASE_URL: databaseUrl ?? '' },
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      const match = /listening (\d+)/.exec(chunk.toString());
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`the floor server exited (${code})`)));
  });
  return {
    url: `ws://127.0.0.1:${port}`,
    pid: child.pid!,
    stop: () => new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', () => resolve()), child.kill('SIGTERM')))),
  };
}

function row(label: string, ...cells: string[]) {
  return `  ${label.padEnd(26)}${cells.map((cell) => cell.padEnd(20)).join('')}`;
}

async function main() {
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'kopir-bench-ws-'));
  const load = os.loadavg().map((value) => value.toFixed(2)).join(' ');
  log(`bench:ws — ${CLIENTS} clients in ${ROOMS} two-party rooms, ${RATE} messages/s for ${DURATION} s after ${WARMUP} s warm-up`);
  log(`  database: ${DATABASE === 'postgres' ? 'PostgreSQL' : 'embedded (PGlite)'}; machine: ${os.cpus().length} cores, load average ${load} at start`);

  if (flags['floor-only']) {
    const rooms = Array.from({ length: ROOMS }, () => randomUUID());
    const floor = await runFloor(rooms, null);
    printResults(null, floor, null);
    await fs.rm(workDir, { recursive: true, force: true });
    return;
  }
  const meili = process.env.MEILI_URL
    ? { url: process.env.MEILI_URL, masterKey: process.env.MEILI_MASTER_KEY ?? '', stop: async () => undefined }
    : await startLocalMeilisearch({ dataDir: path.join(workDir, 'meili'), logger: { debug: () => undefined, warn: () => undefined, error: (o, m) => console.error(m, o) } });
  let databaseName: string | null = null;
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    // The database: a throwaway one on the PostgreSQL server, or an embedded data directory.
    const dataDir = path.join(workDir, 'data');
    let databaseUrl: string | null = null;
    if (DATABASE === 'postgres') {
      databaseName = await createTemplateDatabase(process.env.DATABASE_URL!);
      databaseUrl = withDatabaseName(process.env.DATABASE_URL!, databaseName);
    }
    const secret = randomBytes(32).toString('hex');
    const config = loadConfig({}, {
      dataDir, databaseUrl, meiliUrl: meili.url, meiliMasterKey: meili.masterKey || null, meiliIndexPrefix: `benchws${randomBytes(3).toString('hex')}_`,
      secret, demoData: false, logLevel: 'silent', webDir: path.join(workDir, 'web'),
    });
    log('seeding rooms…');
    await fs.mkdir(dataDir, { recursive: true });
    const database: Database = await openDatabase({ databaseUrl, pgliteDir: databaseUrl ? null : path.join(dataDir, 'pglite') });
    await database.migrate();
    const seeded = await seedRooms(config, database, ROOMS, log);
    await database.close();

    // A stand-in page: the benchmark is about the socket, and building the web app costs a minute.
    await fs.mkdir(config.webDir, { recursive: true });
    await fs.writeFile(path.join(config.webDir, 'index.html'), '<!doctype html><title>Kopir</title>');
    const port = await freePort();
    server = await startServer({
      ...process.env, KOPIR_DATA_DIR: dataDir, DATABASE_URL: databaseUrl ?? '', MEILI_URL: meili.url, MEILI_MASTER_KEY: meili.masterKey,
      MEILI_INDEX_PREFIX: config.meiliIndexPrefix, KOPIR_SECRET: secret, KOPIR_DEMO_DATA: 'false', KOPIR_WEB_DIR: config.webDir, LOG_LEVEL: 'warn',
      KOPIR_COOKIE_SECURE: 'false',
    }, port, 300_000, [...(flags.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(flags.profile)}`] : []), ...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? [])]);
    let headers = { enterprise: { authorization: `Bearer ${seeded.tokens.enterprise}` }, institute: { authorization: `Bearer ${seeded.tokens.institute}` } } as Record<'enterprise' | 'institute', Record<string, string>>;
    if (flags.auth === 'session') {
      const signIn = async (credentials: { email: string; password: string }) => {
        const person = createHttpClient(server!.url);
        const answer = await person.signIn(credentials);
        if (answer.status !== 200) throw new Error(`sign-in failed: ${answer.status}`);
        return { cookie: person.cookieHeader(), origin: server!.url };
      };
      headers = { enterprise: await signIn(seeded.credentials.enterprise), institute: await signIn(seeded.credentials.institute) };
    }

    log('kopir: connecting…');
    const kopir = await runLoad({
      url: `${server.url.replace('http', 'ws')}/ws`, rooms: seeded.rooms, clients: CLIENTS, rate: RATE, durationS: DURATION, warmupS: WARMUP,
      headersFor: (index) => (index % 2 === 0 ? headers.enterprise : headers.institute), serverPid: server.child.pid!, log,
    });
    if (process.env.BENCH_SERVER_OUT) await fs.writeFile(process.env.BENCH_SERVER_OUT, server.output());
    const serverLog = server.output().split('\n').filter((line) => line.trim());
    await stopServer(server);
    server = undefined;
    // Warnings and errors the server logged under load (LOG_LEVEL=warn): a count and the last few.
    if (serverLog.length) log(`  the server logged ${serverLog.length} warning/error lines; the last:\n    ${serverLog.slice(-5).map((line) => line.slice(0, 300)).join('\n    ')}`);

    const floor = flags['no-floor'] ? null : await runFloor(seeded.rooms, null);
    const durableFloor = flags['no-floor'] || !databaseUrl ? null : await runFloor(seeded.rooms, databaseUrl);
    printResults(kopir, floor, durableFloor);
  } finally {
    await stopServer(server);
    await meili.stop();
    if (databaseName) await dropDatabase(process.env.DATABASE_URL!, databaseName);
    await fs.rm(workDir, { recursive: true, force: true });
  }
}

async function runFloor(rooms: string[], databaseUrl: string | null): Promise<LoadResult> {
  log(databaseUrl ? 'durable floor (bare ws, each message committed to PostgreSQL first): connecting…' : 'floor (bare ws broadcast, no persistence): connecting…');
  const bare = await startFloor(databaseUrl);
  try {
    return await runLoad({
      url: bare.url, rooms, clients: CLIENTS, rate: RATE, durationS: DURATION, warmupS: WARMUP, headersFor: () => ({}), serverPid: bare.pid, log,
    });
  } finally {
    await bare.stop();
  }
}

function printResults(kopir: LoadResult | null, floor: LoadResult | null, durableFloor: LoadResult | null) {
  const columns = [['kopir', kopir], ['floor (bare ws)', floor], ['durable floor', durableFloor]].filter((column): column is [string, LoadResult] => column[1] !== null);
  const each = (pick: (result: LoadResult) => string) => columns.map(([, result]) => pick(result));
  log('');
  log(row('', ...columns.map(([name]) => name)));
  log(row('connections held', ...each((r) => `${r.held}/${r.attempted}`)));
  log(row('fan-out p50', ...each((r) => ms(r.p50))));
  log(row('fan-out p99', ...each((r) => ms(r.p99))));
  log(row('fan-out max', ...each((r) => ms(r.max))));
  log(row('messages/s sustained', ...each((r) => `${r.ackedPerSecond.toFixed(0)} (${r.sent} sent)`)));
  log(row(`undelivered ${DRAIN_MS / 1000} s after load`, ...each((r) => String(r.undelivered))));
  log(row('server RSS before/after', ...each((r) => `${r.rssBeforeMb.toFixed(0)}/${r.rssAfterMb.toFixed(0)} MB`)));
  log(row('memory per connection', ...each((r) => `${r.kbPerConnection.toFixed(1)} KB`)));
  log(row('generator lag p99', ...each((r) => ms(r.generatorLagP99))));
  log(row('errors', ...each((r) => JSON.stringify(r.errors))));
  const ratio = floor && kopir ? kopir.p99 / floor.p99 : NaN;
  if (floor && kopir) log(`  p99 ratio kopir/floor: ${ratio.toFixed(2)}×`);
  // What committing first costs by itself: no design that acknowledges only committed events can
  // be nearer the bare floor than this.
  if (floor && durableFloor) log(`  p99 ratio durable floor/floor: ${(durableFloor.p99 / floor.p99).toFixed(2)}×`);
  if (durableFloor && kopir) log(`  p99 ratio kopir/durable floor: ${(kopir.p99 / durableFloor.p99).toFixed(2)}×`);
  log(`  load average at end: ${os.loadavg().map((value) => value.toFixed(2)).join(' ')}`);
  log('');
  if (flags.timeline) printTimeline(columns);
  if (!kopir) return;
  const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
  log(`targets: ${TARGETS.connections} connections held — ${verdict(kopir.held >= TARGETS.connections)}; ` +
    `p99 ≤ ${TARGETS.p99Ms} ms at ${TARGETS.rate} persisted messages/s — ${verdict(kopir.p99 <= TARGETS.p99Ms && kopir.ackedPerSecond >= TARGETS.rate * 0.95)}; ` +
    `within ${TARGETS.ratio}× of the floor — ${floor ? verdict(ratio <= TARGETS.ratio) : 'not measured'}`);
}

/** Each column's window second by second: p99 and max per second, to see whether slow messages come in bursts. */
function printTimeline(columns: Array<[string, LoadResult]>) {
  for (const [name, result] of columns) {
    log(`${name}, second by second (messages written in that second: count, p50 / p99 / max):`);
    for (const second of result.timeline) log(`  ${String(second.second).padStart(3)} s  ${String(second.count).padStart(5)}  ${ms(second.p50)} / ${ms(second.p99)} / ${ms(second.max)}`);
    log('');
  }
}

await main();
