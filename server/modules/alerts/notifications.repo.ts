import { and, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/database.ts';
import { users } from '../users/users.table.ts';
import { memberships, organisations } from '../organisations/organisations.table.ts';
import { notifications } from './alerts.table.ts';
import { PAGE_SIZE_DEFAULT } from '../../../shared/constants.ts';

const INSERT_CHUNK = 1000;

export type NotificationRow = typeof notifications.$inferSelect;
export type NewNotificationRow = typeof notifications.$inferInsert;

export function createNotificationsRepo({ db }: { db: Db }) {
  const ownedBy = (userId: string, unreadOnly = false) =>
    unreadOnly ? and(eq(notifications.userId, userId), isNull(notifications.readAt)) : eq(notifications.userId, userId);

  return {
    /** Inserts what is new and returns only that: the unique index makes repeats no-ops. */
    async insertNew(values: NewNotificationRow[], tx: DbOrTx = db): Promise<NotificationRow[]> {
      const created: NotificationRow[] = [];
      // Chunked: PostgreSQL takes at most 65,535 parameters per statement.
      for (let start = 0; start < values.length; start += INSERT_CHUNK) {
        created.push(...(await tx.insert(notifications).values(values.slice(start, start + INSERT_CHUNK)).onConflictDoNothing().returning()));
      }
      return created;
    },

    async listByUser(userId: string, query: { page?: number; pageSize?: number; unreadOnly?: boolean }, tx: DbOrTx = db) {
      const page = query.page ?? 1;
      const pageSize = query.pageSize ?? PAGE_SIZE_DEFAULT;
      const where = ownedBy(userId, query.unreadOnly);
      const [items, [{ total }]] = await Promise.all([
        tx.select().from(notifications).where(where).orderBy(desc(notifications.createdAt), desc(notifications.id)).limit(pageSize).offset((page - 1) * pageSize),
        tx.select({ total: count() }).from(notifications).where(where),
      ]);
      return { items, total, page, pageSize };
    },

    async countUnread(userId: string, tx: DbOrTx = db): Promise<number> {
      const [{ total }] = await tx.select({ total: count() }).from(notifications).where(ownedBy(userId, true));
      return total;
    },

    /** Marks the owner's notification read (keeping the first read time); null when not theirs. */
    async markRead(id: string, userId: string, tx: DbOrTx = db): Promise<NotificationRow | null> {
      const [row] = await tx
        .update(notifications)
        .set({ readAt: sql`coalesce(${notifications.readAt}, now())` })
        .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
        .returning();
      return row ?? null;
    },

    async markAllRead(userId: string, tx: DbOrTx = db): Promise<number> {
      const updated = await tx.update(notifications).set({ readAt: new Date() }).where(ownedBy(userId, true)).returning({ id: notifications.id });
      return updated.length;
    },

    /** People to notify for institutes whose profile matches a task. */
    async listMembersOf(organisationIds: string[], tx: DbOrTx = db) {
      if (organisationIds.length === 0) return [];
      return tx
        .select({ userId: users.id, locale: users.locale, organisationId: memberships.organisationId })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
        .where(and(inArray(memberships.organisationId, organisationIds), eq(organisations.kind, 'institute')));
    },

    async listUsersAwaitingDigest(limit: number, tx: DbOrTx = db): Promise<string[]> {
      const rows = await tx.selectDistinct({ userId: notifications.userId }).from(notifications).where(isNull(notifications.emailedAt)).limit(limit);
      return rows.map((row) => row.userId);
    },

    /**
     * Takes the person's not-yet-mailed notifications by stamping them first: two servers running
     * the digest at once cannot both claim a row, so nobody gets the same mail twice.
     */
    async claimForDigest(userId: string, tx: DbOrTx = db): Promise<NotificationRow[]> {
      return tx
        .update(notifications)
        .set({ emailedAt: new Date() })
        .where(and(eq(notifications.userId, userId), isNull(notifications.emailedAt)))
        .returning();
    },

    /** Gives claimed rows back after a failed send, so the next run retries them. */
    async releaseDigestClaim(ids: string[], tx: DbOrTx = db) {
      if (ids.length === 0) return;
      await tx.update(notifications).set({ emailedAt: null }).where(inArray(notifications.id, ids));
    },
  };
}
export type NotificationsRepo = ReturnType<typeof createNotificationsRepo>;
