import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { Readable, Transform } from 'node:stream';
import type { FileStorage } from './storage.port.ts';

// Keys are made by the server (`proposals/<uuid>/<uuid>`); anything else is refused, so a key can
// never climb out of the root.
const KEY_PATTERN = /^[a-z0-9][a-z0-9_-]*(\/[a-z0-9][a-z0-9_-]*)*$/i;

/** Files under `root` (the data dir's `uploads`), written to a temporary name and renamed when complete. */
export function createLocalDiskStorage(root: string): FileStorage {
  const fileOf = (key: string) => {
    if (!KEY_PATTERN.test(key)) throw new Error(`Invalid storage key: ${key}`);
    return path.join(root, ...key.split('/'));
  };

  return {
    async put(key, content) {
      const target = fileOf(key);
      await fsp.mkdir(path.dirname(target), { recursive: true });
      const partial = `${target}.${randomBytes(6).toString('hex')}.partial`;
      let sizeBytes = 0;
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          sizeBytes += chunk.length;
          callback(null, chunk);
        },
      });
      try {
        await pipeline(Buffer.isBuffer(content) ? Readable.from([content]) : Readable.from(content), counter, fs.createWriteStream(partial, { flags: 'wx' }));
        await fsp.rename(partial, target);
      } catch (error) {
        await fsp.rm(partial, { force: true });
        throw error;
      }
      return { sizeBytes };
    },

    async get(key) {
      const file = fileOf(key);
      try {
        await fsp.access(file);
      } catch {
        return null;
      }
      return fs.createReadStream(file);
    },

    async delete(key) {
      await fsp.rm(fileOf(key), { force: true });
    },
  };
}

/** Every upload of an installation lives under `<data dir>/uploads`. */
export const createUploadsStorage = (dataDir: string): FileStorage => createLocalDiskStorage(path.join(dataDir, 'uploads'));
