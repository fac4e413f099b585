import type { Db } from '../../db/database.ts';
import { forbidden } from '../../errors.ts';
import { auditActorOf, requirePerson, type AuthContext } from '../auth/auth-context.ts';
import { createAuditRepo } from '../audit/audit.repo.ts';
import { SAVED_SEARCHES_MAX, type CreateSavedSearchBody, type SavedSearch } from '../../../shared/schemas/alerts.ts';
import { createSavedSearchesRepo, type SavedSearchRow } from './saved-searches.repo.ts';
import { savedSearchLimitReached, savedSearchNotFound } from './alerts.errors.ts';

const toSavedSearch = (row: SavedSearchRow): SavedSearch => ({ id: row.id, name: row.name, query: row.query, createdAt: row.createdAt.toISOString() });

/**
 * Any person acting for an organisation may keep searches, not only institutes: enterprises watch
 * related tasks, program offices their priority areas, and search is open to them anyway. The
 * organisation is recorded because alerts stop when the person leaves it. API tokens have no
 * person to alert, and a platform admin without an organisation has nothing to act for.
 */
function requireSearcher(auth: AuthContext) {
  const user = requirePerson(auth);
  if (!auth.organisation) throw forbidden('Saved searches need an organisation to act for.');
  return { user, organisation: auth.organisation };
}

export function createSavedSearchesService({ db }: { db: Db }) {
  const repo = createSavedSearchesRepo({ db });
  const auditRepo = createAuditRepo({ db });

  return {
    async listSavedSearches(auth: AuthContext): Promise<SavedSearch[]> {
      const { user } = requireSearcher(auth);
      return (await repo.listByUser(user.id)).map(toSavedSearch);
    },

    async createSavedSearch(auth: AuthContext, body: CreateSavedSearchBody): Promise<SavedSearch> {
      const { user, organisation } = requireSearcher(auth);
      // Counted outside a lock: two simultaneous saves may pass 20 by one, which is harmless.
      if ((await repo.countByUser(user.id)) >= SAVED_SEARCHES_MAX) throw savedSearchLimitReached();
      const row = await db.transaction(async (tx) => {
        const inserted = await repo.insert({ userId: user.id, organisationId: organisation.id, name: body.name.trim(), query: body.query }, tx);
        await auditRepo.record({ actor: auditActorOf(auth), organisationId: organisation.id, action: 'saved_search.create', entityType: 'saved_search', entityId: inserted.id, changes: { name: inserted.name, query: inserted.query } }, tx);
        return inserted;
      });
      return toSavedSearch(row);
    },

    async deleteSavedSearch(auth: AuthContext, id: string): Promise<{ ok: true }> {
      const { user } = requireSearcher(auth);
      // Someone else's search answers exactly like a missing one: ids reveal nothing.
      await db.transaction(async (tx) => {
        if (!(await repo.deleteOwned(id, user.id, tx))) throw savedSearchNotFound();
        await auditRepo.record({ actor: auditActorOf(auth), organisationId: auth.organisation?.id ?? null, action: 'saved_search.delete', entityType: 'saved_search', entityId: id, changes: {} }, tx);
      });
      return { ok: true };
    },
  };
}
export type SavedSearchesService = ReturnType<typeof createSavedSearchesService>;
