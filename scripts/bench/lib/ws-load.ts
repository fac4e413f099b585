// The load of `npm run bench:ws`: N reconnecting clients (the web app's own client code) in two-party
// rooms, messages at a fixed total rate from random members, and the fan-out latency of each: from
// the moment it is written to the moment the other member of the room is handed the event.
import fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import WebSocket from 'ws';
import { NegotiationClient, type WebSocketLike } from '../../../web/src/lib/negotiation/client.ts';
import { createMemoryStorage } from '../../../web/src/lib/negotiation/storage.ts';
import { percentile } from './bench-app.ts';

export interface LoadOptions {
  url: string;
  rooms: string[];
  clients: number;
  /** Messages per second, all rooms together. */
  rate: number;
  durationS: number;
  warmupS: number;
  /** Upgrade headers for client number `index` (its side of the room). */
  headersFor(index: number): Record<string, string>;
  /** The server's pid, for its memory. */
  serverPid: number;
  log(line: string): void;
}

export interface LoadResult {
  attempted: number;
  held: number;
  rssBeforeMb: number;
  rssAfterMb: number;
  kbPerConnection: number;
  sent: number;
  acked: number;
  /** Acked writes per second over the measured window. */
  ackedPerSecond: number;
  delivered: number;
  undelivered: number;
  p50: number;
  p99: number;
  max: number;
  /** The load generator's own event-loop delay p99: latencies include it. */
  generatorLagP99: number;
  /** The window second by second (by when each message was written): where the slow ones bunch. */
  timeline: Array<{ second: number; count: number; p50: number; p99: number; max: number }>;
  errors: Record<string, number>;
}

/** Resident memory of a process (Linux), in megabytes. */
export function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

/** How long after the load the clients wait for the last deliveries. */
export const DRAIN_MS = 15_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(condition: () => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await sleep(100);
  return condition();
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { clients: count, rooms } = options;
  const errors: Record<string, number> = {};
  const countError = (code: string) => (errors[code] = (errors[code] ?? 0) + 1);
  /** clientMsgId → when it was written, by whom, and whether it was acked. */
  const inFlight = new Map<string, { at: number; by: number; measured: boolean }>();
  const latencies: number[] = [];
  const bySecond: number[][] = [];
  let windowStarted = 0;
  let acked = 0;
  let ackedInWindow = 0;
  let delivered = 0;
  let measuring = false;

  const clients: NegotiationClient[] = [];
  const subscribed = new Set<number>();
  const open = new Set<number>();
  let sockets = 0;
  for (let index = 0; index < count; index += 1) {
    const client = new NegotiationClient({
      url: options.url,
      createSocket: (url) => {
        sockets += 1;
        return new WebSocket(url, [], { headers: options.headersFor(index), perMessageDeflate: false }) as unknown as WebSocketLike;
      },
      storage: createMemoryStorage(),
      network: null,
      backoff: { minMs: 1000, maxMs: 10_000 },
    });
    client.on('status', (status) => (status.state === 'open' ? open.add(index) : open.delete(index)));
    client.on('subscribed', () => subscribed.add(index));
    client.on('error', (error) => countError(error.code));
    client.on('rejected', ({ error }) => countError(error.code));
    client.on('ack', () => {
      acked += 1;
      if (measuring) ackedInWindow += 1;
    });
    client.on('event', (event) => {
      const write = event.clientMsgId ? inFlight.get(event.clientMsgId) : undefined;
      if (!write || write.by === index) return;
      // Two-party rooms: the one other member has it, so the fan-out of this write is complete.
      inFlight.delete(event.clientMsgId!);
      delivered += 1;
      if (!write.measured) return;
      const latency = performance.now() - write.at;
      latencies.push(latency);
      (bySecond[Math.floor((write.at - windowStarted) / 1000)] ??= []).push(latency);
    });
    clients.push(client);
  }

  const rssBeforeMb = rssMb(options.serverPid);
  const started = performance.now();
  // Open in waves, as a crowd arriving, not all upgrades in one instant.
  for (let index = 0; index < count; index += 1) {
    clients[index].subscribe(rooms[Math.floor(index / 2) % rooms.length], { afterSeq: 0 });
    clients[index].connect();
    if (index % 200 === 199) await waitFor(() => subscribed.size >= index + 1 - 200, 30_000);
  }
  await waitFor(() => subscribed.size >= count, 120_000);
  options.log(`  ${subscribed.size}/${count} clients subscribed in ${((performance.now() - started) / 1000).toFixed(1)} s (${sockets} sockets opened)`);
  await sleep(2000);
  const held = open.size;
  const rssAfterMb = rssMb(options.serverPid);

  const lag = monitorEventLoopDelay({ resolution: 10 });
  let sent = 0;
  const loadStarted = performance.now();
  const total = options.warmupS + options.durationS;
  lag.enable();
  while (performance.now() - loadStarted < total * 1000) {
    const elapsed = (performance.now() - loadStarted) / 1000;
    if (!measuring && elapsed >= options.warmupS) {
      measuring = true;
      windowStarted = performance.now();
      lag.reset();
    }
    const due = Math.floor(elapsed * options.rate) - sent;
    for (let k = 0; k < due; k += 1) {
      const by = Math.floor(Math.random() * count);
      const { clientMsgId } = clients[by].sendMessage(rooms[Math.floor(by / 2) % rooms.length], `bench message ${sent}`);
      inFlight.set(clientMsgId, { at: performance.now(), by, measured: measuring });
      sent += 1;
    }
    await sleep(2);
  }
  const windowS = (performance.now() - windowStarted) / 1000;
  const ackedPerSecond = ackedInWindow / windowS;
  measuring = false;
  lag.disable();
  await waitFor(() => inFlight.size === 0, DRAIN_MS);

  for (const client of clients) client.close();
  // A measured message never delivered counts as infinitely late, so an overloaded server cannot
  // look fast by leaving its slowest messages out of the percentiles.
  for (const write of inFlight.values()) if (write.measured) latencies.push(Infinity);
  latencies.sort((a, b) => a - b);
  const timeline = [...bySecond.entries()].filter(([, second]) => second).map(([second, values]) => {
    values.sort((a, b) => a - b);
    return { second, count: values.length, p50: percentile(values, 50), p99: percentile(values, 99), max: values[values.length - 1] };
  });
  return {
    attempted: count, held, rssBeforeMb, rssAfterMb, kbPerConnection: ((rssAfterMb - rssBeforeMb) * 1024) / Math.max(1, held),
    sent, acked, ackedPerSecond, delivered, undelivered: inFlight.size,
    p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies[latencies.length - 1] ?? NaN,
    generatorLagP99: lag.percentile(99) / 1e6, errors, timeline,
  };
}
