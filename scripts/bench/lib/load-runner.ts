// Closed-loop load: `concurrency` callers each send the next request as soon as their previous one
// answered, until `requests` were sent. Latency is measured per request, throughput over the run.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { percentile } from './bench-app.ts';

export interface LoadResult {
  /** Milliseconds, sorted ascending; failed requests are not included. */
  latencies: number[];
  durationMs: number;
  errors: number;
  firstError?: string;
  /** Average response size in bytes, when the sender reports it. */
  avgBytes?: number;
}

export async function runClosedLoop(requests: number, concurrency: number, send: (i: number) => Promise<number | void>): Promise<LoadResult> {
  const latencies: number[] = [];
  let next = 0, errors = 0, bytes = 0, sized = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const worker = async () => {
    for (let i = next++; i < requests; i = next++) {
      const t0 = performance.now();
      try {
        const size = await send(i);
        latencies.push(performance.now() - t0);
        if (typeof size === 'number') {
          bytes += size;
          sized += 1;
        }
      } catch (error) {
        errors += 1;
        firstError ??= (error as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { latencies: latencies.sort((a, b) => a - b), durationMs: performance.now() - started, errors, firstError, avgBytes: sized ? bytes / sized : undefined };
}

export interface LoadStats {
  p50: number;
  p95: number;
  p99: number;
  throughput: number;
  ok: number;
  errors: number;
}

export function summarizeLoad(result: LoadResult): LoadStats {
  const { latencies } = result;
  return {
    p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99),
    throughput: (latencies.length / result.durationMs) * 1000, ok: latencies.length, errors: result.errors,
  };
}

export interface HttpLoadSpec {
  baseUrl: string;
  paths: string[];
  headers?: Record<string, string>;
  warmup: number;
  requests: number;
  concurrency: number;
}

/**
 * Sends HTTP load from a child process, so the load generator's own work (sockets, parsing) does not
 * run on the server's event loop and inflate what the server is measured to take.
 */
export function startHttpLoadClient() {
  const child: ChildProcess = fork(fileURLToPath(new URL('./http-load.child.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return {
    run(spec: HttpLoadSpec): Promise<LoadResult> {
      return new Promise((resolve, reject) => {
        const onExit = (code: number | null) => reject(new Error(`load client exited with ${code}`));
        child.once('exit', onExit);
        child.once('message', (result) => {
          child.off('exit', onExit);
          resolve(result as LoadResult);
        });
        child.send(spec);
      });
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.disconnect();
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2000))]);
      if (child.exitCode === null) child.kill();
    },
  };
}
