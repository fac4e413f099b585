import { and, asc, count, eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/database.ts';
import { users } from '../users/users.table.ts';
import { memberships, organisations } from '../organisations/organisations.table.ts';
import { savedSearches } from './alerts.table.ts';

export type SavedSearchRow = typeof savedSearches.$inferSelect;
export type NewSavedSearchRow = typeof savedSearches.$inferInsert;

export function createSavedSearchesRepo({ db }: { db: Db }) {
  return {
    async listByUser(userId: string, tx: DbOrTx = db): Promise<SavedSearchRow[]> {
      return tx.select().from(savedSearches).where(eq(savedSearches.userId, userId)).orderBy(asc(savedSearches.createdAt));
    },

    async countByUser(userId: string, tx: DbOrTx = db): Promise<number> {
      const [{ total }] = await tx.select({ total: count() }).from(savedSearches).where(eq(savedSearches.userId, userId));
      return total;
    },

    async insert(values: NewSavedSearchRow, tx: DbOrTx = db): Promise<SavedSearchRow> {
      const [row] = await tx.insert(savedSearches).values(values).returning();
      return row;
    },

    /** Deletes only the owner's search: someone else's id behaves like a missing one. */
    async deleteOwned(id: string, userId: string, tx: DbOrTx = db): Promise<boolean> {
      const removed = await tx.delete(savedSearches).where(and(eq(savedSearches.id, id), eq(savedSearches.userId, userId))).returning({ id: savedSearches.id });
      return removed.length > 0;
    },

    /**
     * Every search with what its owner is now: the inner join on the membership means a person
     * who left the organisation they saved it for stops getting alerts from it.
     */
    async listWithOwners(tx: DbOrTx = db) {
      return tx
        .select({ search: savedSearches, user: users, organisation: organisations, role: memberships.role })
        .from(savedSearches)
        .innerJoin(users, eq(users.id, savedSearches.userId))
        .innerJoin(memberships, and(eq(memberships.userId, savedSearches.userId), eq(memberships.organisationId, savedSearches.organisationId)))
        .innerJoin(organisations, eq(organisations.id, savedSearches.organisationId));
    },
  };
}
export type SavedSearchesRepo = ReturnType<typeof createSavedSearchesRepo>;
