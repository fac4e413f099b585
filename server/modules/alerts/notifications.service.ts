import type { Db } from '../../db/database.ts';
import { requirePerson, type AuthContext } from '../auth/auth-context.ts';
import type { Notification, NotificationPage, NotificationQuery, TaskMatchPayload } from '../../../shared/schemas/alerts.ts';
import { createNotificationsRepo, type NotificationRow } from './notifications.repo.ts';
import { notificationNotFound } from './alerts.errors.ts';

export function toNotification(row: NotificationRow): Notification {
  return {
    id: row.id,
    kind: row.kind,
    subjectId: row.subjectId,
    payload: row.payload as unknown as TaskMatchPayload,
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt?.toISOString() ?? null,
  };
}

/** A person's inbox: every function sees only the caller's own notifications. */
export function createNotificationsService({ db }: { db: Db }) {
  const repo = createNotificationsRepo({ db });

  return {
    async listNotifications(auth: AuthContext, query: NotificationQuery): Promise<NotificationPage> {
      const user = requirePerson(auth);
      const [page, unread] = await Promise.all([repo.listByUser(user.id, query), repo.countUnread(user.id)]);
      return { ...page, items: page.items.map(toNotification), unread };
    },

    async countUnread(auth: AuthContext): Promise<number> {
      return repo.countUnread(requirePerson(auth).id);
    },

    async markRead(auth: AuthContext, id: string): Promise<Notification> {
      const row = await repo.markRead(id, requirePerson(auth).id);
      if (!row) throw notificationNotFound();
      return toNotification(row);
    },

    async markAllRead(auth: AuthContext): Promise<{ updated: number }> {
      return { updated: await repo.markAllRead(requirePerson(auth).id) };
    },
  };
}
export type NotificationsService = ReturnType<typeof createNotificationsService>;
