// The real OpenAI API is unreachable from here (and would cost money and be flaky in CI), so a small
// OpenAI-compatible HTTP server on 127.0.0.1 stands in for it: it speaks the same /v1/embeddings
// protocol, records what it was asked, and can misbehave on purpose.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOpenAIEmbedder, EmbeddingError, type OpenAIEmbedderOptions } from './openai.embedder.ts';

interface RecordedRequest {
  path: string;
  authorization: string | undefined;
  body: { model: string; input: string[]; encoding_format?: string; dimensions?: number };
}

type Reply = (request: RecordedRequest, res: ServerResponse) => void;

let server: Server;
let baseURL: string;
let requests: RecordedRequest[] = [];
let replies: Reply[] = [];

/** A vector that encodes its input, so tests can check what came back where. */
function vectorFor(text: string, dimensions: number): number[] {
  return Array.from({ length: dimensions }, (_, i) => (i === 0 ? text.length : i / 10));
}

/** Answers like OpenAI, but lists the embeddings in reverse order: clients must sort by `index`. */
function answerEmbeddings(dimensions = 4): Reply {
  return (request, res) => {
    const data = request.body.input.map((text, index) => ({ object: 'embedding', index, embedding: vectorFor(text, dimensions) }));
    const body = { object: 'list', model: request.body.model, data: data.reverse(), usage: { prompt_tokens: 1, total_tokens: 1 } };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
}

function answerError(status: number, message: string, headers: Record<string, string> = {}): Reply {
  return (_request, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify({ error: { message, type: 'test_error', code: null } }));
  };
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  let raw = '';
  for await (const chunk of req) raw += chunk;
  const request: RecordedRequest = { path: req.url ?? '', authorization: req.headers.authorization, body: JSON.parse(raw) };
  requests.push(request);
  // The last reply repeats once the queue is down to it.
  const reply = replies.length > 1 ? replies.shift()! : replies[0];
  reply(request, res);
}

function createEmbedder(overrides: Partial<OpenAIEmbedderOptions> = {}) {
  return createOpenAIEmbedder({ apiKey: 'test-key', baseURL, model: 'test-embed', retryBaseMs: 1, ...overrides });
}

beforeAll(async () => {
  server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  requests = [];
  replies = [answerEmbeddings()];
});

describe('OpenAI-compatible embedder', () => {
  it('asks for float vectors in batches and returns them in input order', async () => {
    const embedder = createEmbedder({ batchSize: 2 });
    const texts = ['a', 'bb', 'ccc', 'dddd', 'eeeee'];
    const vectors = await embedder.embed(texts, 'document');
    expect(requests.map((r) => r.body.input)).toEqual([['a', 'bb'], ['ccc', 'dddd'], ['eeeee']]);
    expect(requests.every((r) => r.body.encoding_format === 'float' && r.body.model === 'test-embed')).toBe(true);
    expect(requests[0].path).toBe('/v1/embeddings');
    expect(requests[0].authorization).toBe('Bearer test-key');
    expect(vectors.map((v) => v[0])).toEqual([1, 2, 3, 4, 5]);
  });

  it('learns the dimensions from the first answer and names them in its id', async () => {
    const embedder = createEmbedder();
    expect(embedder.id).toBe(`openai:${new URL(baseURL).host}:test-embed:auto`);
    await embedder.embed(['x'], 'query');
    expect(embedder.dimensions).toBe(4);
    expect(embedder.id).toBe(`openai:${new URL(baseURL).host}:test-embed:4`);
    expect(requests[0].body.dimensions).toBeUndefined();
  });

  it('sends configured dimensions to the server', async () => {
    replies = [answerEmbeddings(8)];
    const embedder = createEmbedder({ dimensions: 8 });
    await embedder.embed(['x'], 'document');
    expect(requests[0].body.dimensions).toBe(8);
    expect(embedder.id.endsWith(':8')).toBe(true);
  });

  it('retries after a 500 and succeeds', async () => {
    replies = [answerError(500, 'boom'), answerError(503, 'warming up'), answerEmbeddings()];
    const vectors = await createEmbedder().embed(['retry me'], 'document');
    expect(requests).toHaveLength(3);
    expect(vectors[0][0]).toBe('retry me'.length);
  });

  it('honours Retry-After on 429', async () => {
    replies = [answerError(429, 'slow down', { 'retry-after': '0' }), answerEmbeddings()];
    await createEmbedder().embed(['x'], 'document');
    expect(requests).toHaveLength(2);
  });

  it('gives up after maxRetries with a message naming the server', async () => {
    replies = [answerError(502, 'bad gateway')];
    const error = await createEmbedder({ maxRetries: 2 }).embed(['x'], 'document').catch((e: unknown) => e);
    expect(requests).toHaveLength(3);
    expect(error).toBeInstanceOf(EmbeddingError);
    expect((error as EmbeddingError).code).toBe('server');
    expect((error as Error).message).toContain(`Embedding server at ${baseURL} answered 502 (after 3 attempts)`);
  });

  it('fails at once on 401 with a message pointing at the API key', async () => {
    replies = [answerError(401, 'Incorrect API key provided')];
    const error = await createEmbedder().embed(['x'], 'document').catch((e: unknown) => e);
    expect(requests).toHaveLength(1);
    expect((error as EmbeddingError).code).toBe('auth');
    expect((error as Error).message).toContain(`Embedding server at ${baseURL} answered 401: check OPENAI_API_KEY`);
  });

  it('rejects vectors whose dimensions differ from the configured ones', async () => {
    replies = [answerEmbeddings(3)];
    const error = await createEmbedder({ dimensions: 4 }).embed(['x'], 'document').catch((e: unknown) => e);
    expect((error as EmbeddingError).code).toBe('bad_response');
    expect((error as Error).message).toMatch(/returned a vector of 3 dimensions, expected 4/);
  });

  it('rejects a later batch whose dimensions differ from the learned ones', async () => {
    replies = [answerEmbeddings(4), answerEmbeddings(5)];
    const error = await createEmbedder({ batchSize: 1 }).embed(['x', 'y'], 'document').catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/5 dimensions, expected 4/);
  });

  it('rejects an answer with the wrong number of embeddings', async () => {
    replies = [(request, res) => answerEmbeddings()({ ...request, body: { ...request.body, input: ['only one'] } }, res)];
    const error = await createEmbedder().embed(['x', 'y'], 'document').catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/returned 1 embeddings for 2 inputs/);
  });

  it('explains an unreachable server', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/v1`;
    await new Promise((resolve) => closed.close(resolve));
    const error = await createEmbedder({ baseURL: url, maxRetries: 1 }).embed(['x'], 'document').catch((e: unknown) => e);
    expect((error as EmbeddingError).code).toBe('network');
    expect((error as Error).message).toContain(`Could not reach the embedding server at ${url}`);
    expect((error as Error).message).toContain('check OPENAI_BASE_URL');
  });

  it('adds the configured prefix per purpose and never sends an empty string', async () => {
    const embedder = createEmbedder({ queryPrefix: 'query: ', documentPrefix: 'passage: ' });
    await embedder.embed(['q'], 'query');
    await embedder.embed(['d', ''], 'document');
    expect(requests.map((r) => r.body.input)).toEqual([['query: q'], ['passage: d', 'passage: ']]);
    await createEmbedder().embed([''], 'document');
    expect(requests[2].body.input).toEqual([' ']);
  });
});
