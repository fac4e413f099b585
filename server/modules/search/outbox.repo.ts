import { asc, count, gt, inArray, min, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/database.ts';
import { searchOutbox } from './search.table.ts';

export type IndexedEntity = 'task' | 'institute';

export function createOutboxRepo({ db }: { db: Db }) {
  return {
    /** Call inside the transaction that changed the entities. */
    async enqueue(entityType: IndexedEntity, entityIds: string[], tx: DbOrTx = db) {
      if (entityIds.length === 0) return;
      await tx.insert(searchOutbox).values(entityIds.map((entityId) => ({ entityType, entityId })));
    },

    async enqueueAll(tx: DbOrTx = db) {
      await tx.execute(sql`insert into search_outbox (entity_type, entity_id) select 'task', id from tasks`);
      await tx.execute(sql`insert into search_outbox (entity_type, entity_id) select 'institute', id from organisations where kind = 'institute'`);
    },

    /** The oldest rows after `afterId` (rows of batches still in flight are skipped that way). */
    async takeBatch(limit: number, afterId = 0, tx: DbOrTx = db) {
      return tx.select().from(searchOutbox).where(gt(searchOutbox.id, afterId)).orderBy(asc(searchOutbox.id)).limit(limit);
    },

    async remove(ids: number[], tx: DbOrTx = db) {
      if (ids.length) await tx.delete(searchOutbox).where(inArray(searchOutbox.id, ids));
    },

    async recordFailure(ids: number[], error: string, tx: DbOrTx = db) {
      if (!ids.length) return;
      await tx
        .update(searchOutbox)
        .set({ attempts: sql`${searchOutbox.attempts} + 1`, lastError: error.slice(0, 1000) })
        .where(inArray(searchOutbox.id, ids));
    },

    async measureLag(tx: DbOrTx = db): Promise<{ pending: number; oldestAt: Date | null }> {
      const [row] = await tx.select({ pending: count(), oldestAt: min(searchOutbox.createdAt) }).from(searchOutbox);
      return { pending: row.pending, oldestAt: row.oldestAt ? new Date(row.oldestAt) : null };
    },
  };
}
export type OutboxRepo = ReturnType<typeof createOutboxRepo>;
