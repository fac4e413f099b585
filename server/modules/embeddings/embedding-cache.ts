import { createHash } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import type { Embedder } from './embedder.port.ts';
import { embeddingCache } from './embeddings.table.ts';

export const hashContent = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Embeds documents through a cache keyed by (embedder id, content hash): reindexing unchanged
 * texts costs nothing, and a new provider or model (a new id) re-embeds everything.
 * `cache: false` is for embedders cheaper than the cache itself: writing a 768-float vector to
 * PGlite took ~3 ms, embedding it with the builtin embedder ~0.3–0.7 ms (npm run bench:search).
 */
export function createCachedEmbedder({ db, embedder, cache = true }: { db: Db; embedder: Embedder; cache?: boolean }) {
  return {
    embedder,
    async embedDocuments(texts: string[]): Promise<number[][]> {
      if (!cache) return embedder.embed(texts, 'document');
      const hashes = texts.map(hashContent);
      const unique = [...new Set(hashes)];
      const cached = unique.length
        ? await db
            .select({ contentHash: embeddingCache.contentHash, vector: embeddingCache.vector })
            .from(embeddingCache)
            .where(and(eq(embeddingCache.embedderId, embedder.id), inArray(embeddingCache.contentHash, unique)))
        : [];
      const vectors = new Map(cached.map((row) => [row.contentHash, row.vector]));
      const missing = unique.filter((hash) => !vectors.has(hash));
      if (missing.length) {
        const textByHash = new Map(hashes.map((hash, i) => [hash, texts[i]]));
        const fresh = await embedder.embed(missing.map((hash) => textByHash.get(hash)!), 'document');
        missing.forEach((hash, i) => vectors.set(hash, fresh[i]));
        await db
          .insert(embeddingCache)
          .values(missing.map((hash, i) => ({ embedderId: embedder.id, contentHash: hash, vector: fresh[i] })))
          .onConflictDoNothing();
      }
      return hashes.map((hash) => vectors.get(hash)!);
    },
    embedQuery: async (text: string) => (await embedder.embed([text], 'query'))[0],
  };
}
export type CachedEmbedder = ReturnType<typeof createCachedEmbedder>;
