import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { request } from 'node:http';
import { type AddressInfo, createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { prepareMeilisearchBinary } from './meili-binary.ts';
import { readOrCreateMasterKey, removePidFile, stopStaleMeilisearch, writePidFile } from './meili-data-dir.ts';

/** The subset of a pino/Fastify logger we use, so callers can pass either. */
export type MeiliLogger = {
  debug(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
};

export type StartLocalMeilisearchOptions = {
  dataDir: string;
  port?: number;
  masterKey?: string;
  logger: MeiliLogger;
  startTimeoutMs?: number;
  /** Default 1: enough for the small writes of a running marketplace; bulk loads want more. */
  indexingThreads?: number;
};

export type LocalMeilisearch = {
  url: string;
  masterKey: string;
  pid: number;
  /** Settles when the process exits, whether stopped or not. */
  exited: Promise<ExitInfo>;
  stop(): Promise<void>;
};

export type ExitInfo = { code: number | null; signal: NodeJS.Signals | null; error?: Error };

const STOP_GRACE_MS = 5_000;
const HEALTH_POLL_MS = 50;
const OUTPUT_TAIL_LINES = 20;
const PORT_ATTEMPTS = 3;
// eslint-disable-next-line no-control-regex
const ANSI_ESCAPES = /\u001b\[[0-9;]*[A-Za-z]/g;

/**
 * Starts the bundled Meilisearch on loopback for development and single-machine installs.
 * Production should run the official release or image and point MEILI_URL at it.
 */
export async function startLocalMeilisearch(options: StartLocalMeilisearchOptions): Promise<LocalMeilisearch> {
  const dataDir = resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const binary = await prepareMeilisearchBinary(join(dataDir, 'bin'));
  const masterKey = options.masterKey ?? (await readOrCreateMasterKey(dataDir));
  // Meilisearch does not lock its database: an orphan from a crashed run would share it silently.
  await stopStaleMeilisearch(dataDir, options.logger);

  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await pickFreePort());
    try {
      return await launchMeilisearch({ ...options, binary, dataDir, masterKey, port });
    } catch (error) {
      // A port we picked can be taken before Meilisearch binds it; only then is a retry worth it.
      const portTaken = /address already in use/i.test(String((error as Error).message));
      if (options.port !== undefined || attempt >= PORT_ATTEMPTS || !portTaken) throw error;
    }
  }
}

type LaunchOptions = StartLocalMeilisearchOptions & { binary: string; dataDir: string; masterKey: string; port: number };

async function launchMeilisearch(options: LaunchOptions): Promise<LocalMeilisearch> {
  const { binary, dataDir, masterKey, port, logger } = options;
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    binary,
    [
      ...['--db-path', join(dataDir, 'db'), '--dump-dir', join(dataDir, 'dumps')],
      ...['--http-addr', `127.0.0.1:${port}`, '--env', 'development', '--no-analytics'],
      // Without a cap, RSS jumps to ~1 GB after a small batch on a 2-core box.
      ...['--max-indexing-memory', '256MiB', '--max-indexing-threads', String(options.indexingThreads ?? 1)],
    ],
    // cwd: Meilisearch reads ./config.toml and writes relative dirs there; keep both inside dataDir.
    { cwd: dataDir, env: buildChildEnv(masterKey), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const outputTail = forwardOutput(child, logger);
  const exited = waitForExit(child);
  let exitInfo: ExitInfo | undefined;
  void exited.then((info) => (exitInfo = info));

  const killOnExit = () => child.kill('SIGTERM');
  process.on('exit', killOnExit);
  if (child.pid !== undefined) await writePidFile(dataDir, child.pid);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= terminate(child, exited).finally(async () => {
      process.off('exit', killOnExit);
      if (child.pid !== undefined) await removePidFile(dataDir, child.pid);
    }));

  const startTimeoutMs = options.startTimeoutMs ?? 15_000;
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (exitInfo) {
      await stop();
      throw new Error(`Meilisearch exited during startup (${describeExit(exitInfo)}):\n${outputTail.join('\n')}`);
    }
    if (await isMeilisearchAvailable(url)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Meilisearch did not become healthy within ${startTimeoutMs} ms:\n${outputTail.join('\n')}`);
    }
    await Promise.race([sleep(HEALTH_POLL_MS), exited]);
  }

  void exited.then((info) => {
    if (!stopping) logger.error({ ...info, output: outputTail.join('\n') }, 'Meilisearch exited unexpectedly');
  });
  return { url, masterKey, pid: child.pid!, exited, stop };
}

function buildChildEnv(masterKey: string): NodeJS.ProcessEnv {
  // MEILI_* variables configure Meilisearch itself, and the ones a user sets for a remote instance
  // (MEILI_ENV=production, MEILI_HTTP_ADDR...) must not leak into this one.
  const inherited = Object.entries(process.env).filter(([name]) => !name.startsWith('MEILI_'));
  // The key goes through the environment, not argv: /proc/<pid>/cmdline is readable by every user.
  return { ...Object.fromEntries(inherited), MEILI_MASTER_KEY: masterKey, NO_COLOR: '1' };
}

/** Sends Meilisearch's output to the logger (never to our stdout) and keeps the last lines for errors. */
function forwardOutput(child: ChildProcess, logger: MeiliLogger): string[] {
  const tail: string[] = [];
  for (const [stream, name] of [
    [child.stdout, 'stdout'],
    [child.stderr, 'stderr'],
  ] as const) {
    // Always drain the pipes: a full pipe buffer would block Meilisearch's logging thread.
    if (!stream) continue;
    createInterface({ input: stream }).on('line', (raw) => {
      const line = raw.replace(ANSI_ESCAPES, '').trimEnd();
      if (!line) return;
      tail.push(line);
      if (tail.length > OUTPUT_TAIL_LINES) tail.shift();
      logger.debug({ meilisearch: name }, line);
    });
  }
  return tail;
}

function waitForExit(child: ChildProcess): Promise<ExitInfo> {
  return new Promise((resolveExit) => {
    child.once('exit', (code, signal) => resolveExit({ code, signal }));
    // 'error' without 'exit' only happens when spawning failed (ENOENT, EACCES).
    child.once('error', (error) => {
      if (child.pid === undefined) resolveExit({ code: null, signal: null, error });
    });
  });
}

async function terminate(child: ChildProcess, exited: Promise<ExitInfo>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  child.kill('SIGTERM');
  const graceful = await Promise.race([exited.then(() => true), sleep(STOP_GRACE_MS, false)]);
  if (graceful) return;
  child.kill('SIGKILL');
  await exited;
}

function describeExit(info: ExitInfo): string {
  if (info.error) return `spawn failed: ${info.error.message}`;
  return info.signal ? `signal ${info.signal}` : `exit code ${info.code}`;
}

function isMeilisearchAvailable(url: string): Promise<boolean> {
  return new Promise((resolveHealth) => {
    const req = request(`${url}/health`, { timeout: 1_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolveHealth(res.statusCode === 200 && body.includes('"available"')));
      res.on('error', () => resolveHealth(false));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolveHealth(false));
    req.end();
  });
}

function pickFreePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolvePort(port));
    });
  });
}
