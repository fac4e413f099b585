import type { Readable } from 'node:stream';

/**
 * Where uploaded files live, by key. The local-disk adapter keeps them under the data dir; an
 * S3-compatible adapter can implement the same three functions without touching any caller.
 */
export interface FileStorage {
  /** Stores the bytes under `key` (replacing any), and answers how many were written. */
  put(key: string, content: AsyncIterable<Buffer> | Buffer): Promise<{ sizeBytes: number }>;
  /** The bytes under `key`, or null when there are none. */
  get(key: string): Promise<Readable | null>;
  /** Removes `key`; removing a missing key is not an error. */
  delete(key: string): Promise<void>;
}
