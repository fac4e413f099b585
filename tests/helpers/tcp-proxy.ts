// A TCP proxy between test clients and a server that can cut every connection through it at once,
// the way a load balancer restart or a mobile network hand-over does. Cuts are resets (RST), not
// polite closes: neither side gets a WebSocket close frame.
import net, { type AddressInfo, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  /** Connections currently carried. */
  readonly open: number;
  /** Connections cut so far. */
  readonly cuts: number;
  /** Resets every carried connection; answers how many. */
  cutAll(): number;
  /** Resets one carried connection at random, if any. */
  cutOne(): boolean;
  /** Points new connections at another port (a restarted server, another process). */
  retarget(port: number): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  let target = targetPort;
  let cuts = 0;
  const pairs = new Set<[Socket, Socket]>();

  const cut = (pair: [Socket, Socket]) => {
    pairs.delete(pair);
    for (const socket of pair) socket.resetAndDestroy();
    cuts += 1;
  };

  const server = net.createServer((inbound) => {
    const outbound = net.connect(target, targetHost);
    const pair: [Socket, Socket] = [inbound, outbound];
    pairs.add(pair);
    inbound.pipe(outbound);
    outbound.pipe(inbound);
    const end = () => {
      if (!pairs.delete(pair)) return;
      inbound.destroy();
      outbound.destroy();
    };
    // Errors are expected here (resets, a server that is down): each ends the pair, nothing more.
    for (const socket of pair) {
      socket.on('error', end);
      socket.on('close', end);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    port: (server.address() as AddressInfo).port,
    get open() {
      return pairs.size;
    },
    get cuts() {
      return cuts;
    },
    cutAll() {
      const all = [...pairs];
      all.forEach(cut);
      return all.length;
    },
    cutOne() {
      const all = [...pairs];
      if (all.length === 0) return false;
      cut(all[Math.floor(Math.random() * all.length)]);
      return true;
    },
    retarget(port) {
      target = port;
    },
    async close() {
      for (const pair of [...pairs]) cut(pair);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
