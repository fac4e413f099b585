// Embeddings from any OpenAI-compatible server (OpenAI, Ollama, vLLM, TEI, LM Studio…).
// The SDK's own retries are off: ours cover 429/5xx/network with backoff and end in an error a
// person can act on, naming the server and the setting to check.
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import { createHash } from 'node:crypto';
import type { Embedder, EmbeddingPurpose } from './embedder.port.ts';

export interface OpenAIEmbedderOptions {
  /** Local servers usually need none; the SDK still wants a string. */
  apiKey?: string;
  baseURL?: string;
  model: string;
  /** Requested from the server when set; otherwise learned from the first answer. */
  dimensions?: number;
  batchSize?: number;
  timeoutMs?: number;
  maxRetries?: number;
  /** First backoff delay; doubled per attempt, with jitter. Tests make it tiny. */
  retryBaseMs?: number;
  /** Some models (e5, nomic, bge) expect "query: " / "passage: " style prefixes. */
  queryPrefix?: string;
  documentPrefix?: string;
}

export type EmbeddingErrorCode = 'auth' | 'not_found' | 'bad_request' | 'rate_limited' | 'server' | 'network' | 'bad_response';

export class EmbeddingError extends Error {
  override name = 'EmbeddingError';
  constructor(
    readonly code: EmbeddingErrorCode,
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const DEFAULT_BASE_URL = 'https://api.openai.com/v1';
const MAX_BACKOFF_MS = 20_000;

function describeHost(baseURL: string): string {
  try {
    return new URL(baseURL).host;
  } catch {
    throw new EmbeddingError('bad_request', `OPENAI_BASE_URL "${baseURL}" is not a URL (expected e.g. http://127.0.0.1:11434/v1)`);
  }
}

function isRetryable(error: unknown): boolean {
  if (error instanceof APIConnectionError) return true; // includes timeouts
  if (error instanceof APIError && typeof error.status === 'number') {
    return error.status === 408 || error.status === 429 || error.status >= 500;
  }
  return false;
}

/** Server's Retry-After (seconds or date) when present, else exponential backoff with full jitter. */
function computeDelay(error: unknown, attempt: number, baseMs: number): number {
  const header = error instanceof APIError ? error.headers?.get('retry-after') : null;
  if (header) {
    const seconds = Number(header);
    const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
    if (Number.isFinite(ms) && ms >= 0) return Math.min(ms, MAX_BACKOFF_MS);
  }
  const ceiling = Math.min(baseMs * 2 ** attempt, MAX_BACKOFF_MS);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

/** fetch wraps the useful part ("connect ECONNREFUSED 127.0.0.1:11434") two causes deep. */
function describeCause(error: Error): string {
  let deepest: unknown = error.cause;
  while (deepest instanceof Error && deepest.cause instanceof Error) deepest = deepest.cause;
  return deepest instanceof Error ? ` (${deepest.message})` : '';
}

function toEmbeddingError(error: unknown, url: string, model: string, attempts: number, timeoutMs: number): EmbeddingError {
  const tries = attempts > 1 ? ` (after ${attempts} attempts)` : '';
  if (error instanceof APIConnectionTimeoutError) {
    return new EmbeddingError('network', `Embedding server at ${url} did not answer within ${timeoutMs} ms${tries}: is it overloaded? Lower the batch size or raise the timeout`, undefined, { cause: error });
  }
  if (error instanceof APIConnectionError) {
    const cause = describeCause(error);
    return new EmbeddingError('network', `Could not reach the embedding server at ${url}${cause}${tries}: check OPENAI_BASE_URL and that the server is running`, undefined, { cause: error });
  }
  if (error instanceof APIError && typeof error.status === 'number') {
    const status = error.status;
    const detail = error.message ? ` (${error.message})` : '';
    if (status === 401 || status === 403) {
      return new EmbeddingError('auth', `Embedding server at ${url} answered ${status}: check OPENAI_API_KEY${detail}`, status, { cause: error });
    }
    if (status === 404) {
      return new EmbeddingError('not_found', `Embedding server at ${url} answered 404 for model "${model}": check the model name and OPENAI_BASE_URL (it usually ends in /v1)${detail}`, status, { cause: error });
    }
    if (status === 429) {
      return new EmbeddingError('rate_limited', `Embedding server at ${url} kept answering 429 (rate limited)${tries}: lower the batch size or raise the provider's limit`, status, { cause: error });
    }
    if (status >= 500 || status === 408) {
      return new EmbeddingError('server', `Embedding server at ${url} answered ${status}${tries}: check that server's logs${detail}`, status, { cause: error });
    }
    return new EmbeddingError('bad_request', `Embedding server at ${url} rejected the request with ${status}${detail}: check the model "${model}" and the configured dimensions`, status, { cause: error });
  }
  return new EmbeddingError('bad_response', `Embedding request to ${url} failed: ${(error as Error)?.message ?? String(error)}`, undefined, { cause: error });
}

export function createOpenAIEmbedder(options: OpenAIEmbedderOptions): Embedder {
  const baseURL = options.baseURL ?? DEFAULT_BASE_URL;
  const host = describeHost(baseURL);
  const { model, batchSize = 64, timeoutMs = 30_000, maxRetries = 4, retryBaseMs = 500 } = options;
  const queryPrefix = options.queryPrefix ?? '';
  const documentPrefix = options.documentPrefix ?? '';
  if (!model) throw new EmbeddingError('bad_request', 'No embedding model configured: set OPENAI_EMBEDDING_MODEL');
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new EmbeddingError('bad_request', `Embedding batch size must be a positive integer (got ${batchSize})`);
  if (options.dimensions !== undefined && (!Number.isInteger(options.dimensions) || options.dimensions < 1)) {
    throw new EmbeddingError('bad_request', `Embedding dimensions must be a positive integer (got ${options.dimensions})`);
  }

  const client = new OpenAI({ apiKey: options.apiKey || 'unused', baseURL, timeout: timeoutMs, maxRetries: 0 });
  let dimensions = options.dimensions ?? 0;
  // Prefixes change the vectors, so they are part of the id (as a short hash, keeping ids readable).
  const prefixTag = queryPrefix || documentPrefix
    ? `:p${createHash('sha256').update(`${queryPrefix}\0${documentPrefix}`).digest('hex').slice(0, 6)}`
    : '';

  async function requestBatch(input: string[]): Promise<number[][]> {
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await client.embeddings.create({
          model,
          input,
          // The SDK defaults to base64 and decodes it; compatible servers that send floats then
          // yield garbage vectors without any error.
          encoding_format: 'float',
          ...(options.dimensions !== undefined ? { dimensions: options.dimensions } : {}),
        });
        return readVectors(response, input.length);
      } catch (error) {
        if (error instanceof EmbeddingError) throw error;
        if (attempt >= maxRetries || !isRetryable(error)) throw toEmbeddingError(error, baseURL, model, attempt + 1, timeoutMs);
        await new Promise((resolve) => setTimeout(resolve, computeDelay(error, attempt, retryBaseMs)));
      }
    }
  }

  function readVectors(response: { data?: unknown }, expected: number): number[][] {
    const data = Array.isArray(response?.data) ? (response.data as Array<{ index?: unknown; embedding?: unknown }>) : null;
    if (!data || data.length !== expected) {
      throw new EmbeddingError('bad_response', `Embedding server at ${baseURL} returned ${data?.length ?? 'no'} embeddings for ${expected} inputs`);
    }
    const vectors: number[][] = new Array(expected);
    // Learned from the first answer when not configured, but only kept once the answer proved valid.
    let expectedDimensions = dimensions;
    for (const item of data) {
      const index = item.index;
      if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= expected || vectors[index]) {
        throw new EmbeddingError('bad_response', `Embedding server at ${baseURL} returned a missing or duplicate index (${String(index)})`);
      }
      const embedding = item.embedding;
      if (!Array.isArray(embedding) || !embedding.every((x) => typeof x === 'number' && Number.isFinite(x))) {
        throw new EmbeddingError('bad_response', `Embedding server at ${baseURL} returned an embedding that is not a list of numbers (does it ignore encoding_format "float"?)`);
      }
      if (expectedDimensions === 0) expectedDimensions = embedding.length;
      if (embedding.length !== expectedDimensions || embedding.length === 0) {
        throw new EmbeddingError('bad_response', `Embedding server at ${baseURL} returned a vector of ${embedding.length} dimensions, expected ${expectedDimensions}: check EMBEDDINGS_DIMENSIONS and the model "${model}"`);
      }
      vectors[index] = embedding;
    }
    dimensions = expectedDimensions;
    return vectors;
  }

  return {
    /** Until the first answer teaches the dimensions (when not configured) the id ends in ":auto". */
    get id() {
      return `openai:${host}:${model}:${dimensions || 'auto'}${prefixTag}`;
    },
    get dimensions() {
      return dimensions;
    },
    async embed(texts: string[], purpose: EmbeddingPurpose) {
      const prefix = purpose === 'query' ? queryPrefix : documentPrefix;
      // OpenAI rejects empty strings in `input`; a space embeds as "nothing" without failing the batch.
      const inputs = texts.map((text) => `${prefix}${text}` || ' ');
      const vectors: number[][] = [];
      // One batch at a time: simpler on rate limits, and local servers are usually single-GPU anyway.
      for (let i = 0; i < inputs.length; i += batchSize) vectors.push(...(await requestBatch(inputs.slice(i, i + batchSize))));
      return vectors;
    },
  };
}
