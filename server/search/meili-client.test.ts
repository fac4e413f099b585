import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MeilisearchRequestTimeOutError } from 'meilisearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkMeiliHealth, createMeiliClient, findMeiliApiError } from './meili-client.ts';

type Seen = { method?: string; url?: string; authorization?: string; contentLength?: string; body: string };

// A stand-in for Meilisearch: each path answers one shape the real server can produce.
function answer(req: IncomingMessage, res: ServerResponse, body: string, seen: Seen[]): void {
  seen.push({
    method: req.method,
    url: req.url,
    authorization: req.headers.authorization,
    contentLength: req.headers['content-length'],
    body,
  });
  const json = { 'content-type': 'application/json' };
  if (req.url === '/echo') res.writeHead(200, json).end(JSON.stringify({ received: JSON.parse(body || 'null') }));
  else if (req.url === '/empty') res.writeHead(204).end();
  else if (req.url === '/accepted') res.writeHead(202, json).end('');
  else if (req.url === '/missing')
    res.writeHead(404, json).end(JSON.stringify({ message: 'Index `x` not found.', code: 'index_not_found', type: 'invalid_request', link: '' }));
  else if (req.url === '/broken') res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad gateway</h1>');
  else if (req.url === '/slow') setTimeout(() => res.writeHead(200, json).end('{}'), 500);
  else if (req.url === '/health') res.writeHead(200, json).end('{"status":"available"}');
}

describe('createMeiliClient', () => {
  let server: Server;
  let url: string;
  const seen: Seen[] = [];
  const sockets = new Set<unknown>();

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk));
      req.on('end', () => answer(req, res, body, seen));
    });
    server.on('connection', (socket) => sockets.add(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('sends the JSON body with the API key and returns the parsed answer', async () => {
    const client = createMeiliClient({ url, apiKey: 'secret-key' });
    const result = await client.httpRequest.post({ path: 'echo', body: { q: 'алюминий' } });
    expect(result).toEqual({ received: { q: 'алюминий' } });
    const request = seen.at(-1)!;
    expect(request).toMatchObject({ method: 'POST', authorization: 'Bearer secret-key' });
    expect(Number(request.contentLength)).toBe(Buffer.byteLength(request.body));
  });

  it('returns undefined for empty 204 and 202 answers', async () => {
    const client = createMeiliClient({ url });
    await expect(client.httpRequest.delete({ path: 'empty' })).resolves.toBeUndefined();
    await expect(client.httpRequest.post({ path: 'accepted' })).resolves.toBeUndefined();
  });

  it('throws the client error type with Meilisearch code and message on status >= 400', async () => {
    const client = createMeiliClient({ url });
    const error = await client.httpRequest.get({ path: 'missing' }).catch((e: unknown) => e);
    const apiError = findMeiliApiError(error);
    expect(apiError?.cause).toMatchObject({ code: 'index_not_found', message: 'Index `x` not found.' });
    expect(apiError?.response.status).toBe(404);
  });

  it('still throws with the status when the error body is not JSON (a proxy page)', async () => {
    const client = createMeiliClient({ url });
    const error = await client.httpRequest.get({ path: 'broken' }).catch((e: unknown) => e);
    expect(findMeiliApiError(error)?.message).toBe('502: Bad Gateway');
  });

  it('reuses one connection across sequential requests', async () => {
    const client = createMeiliClient({ url });
    const before = sockets.size;
    for (let i = 0; i < 5; i++) await client.health();
    expect(sockets.size - before).toBe(1);
  });

  it('times out through the client timeout', async () => {
    const client = createMeiliClient({ url, timeoutMs: 50 });
    const error = await client.httpRequest.get({ path: 'slow' }).catch((e: unknown) => e);
    expect((error as Error).cause).toBeInstanceOf(MeilisearchRequestTimeOutError);
  });
});

describe('checkMeiliHealth', () => {
  it('reports down with a reason instead of throwing when nothing listens', async () => {
    const client = createMeiliClient({ url: 'http://127.0.0.1:9' });
    const health = await checkMeiliHealth(client);
    expect(health.status).toBe('down');
    expect(health.error).toMatch(/ECONNREFUSED|failed/);
    expect(health.latencyMs).toBeGreaterThanOrEqual(0);
  });
});
