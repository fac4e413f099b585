import { EventEmitter } from 'node:events';
import type { Notification } from '../../../shared/schemas/alerts.ts';
import type { Fanout } from '../../db/fanout.ts';
import type { NotificationRow } from './notifications.repo.ts';
import { toNotification } from './notifications.service.ts';

export type NotificationListener = (notification: Notification) => void;

const TOPIC = 'notification';

interface LogLike {
  warn(object: object, message: string): void;
}

/**
 * Hands new notifications to their recipient's WebSocket connections in every server process: a
 * publish goes through the fan-out (NOTIFY on PostgreSQL), and each process passes what arrives to
 * the sockets it holds.
 */
export function createNotificationsHub({ fanout, log }: { fanout: Fanout; log: LogLike }) {
  const local = new EventEmitter();
  // One listener per open socket; a person with many tabs is normal, not a leak.
  local.setMaxListeners(0);
  fanout.subscribe(TOPIC, (data) => {
    const { userId, notification } = data as { userId: string; notification: Notification };
    local.emit(userId, notification);
  });

  /** Several at once (a flush of notifications): one NOTIFY statement for all of them. */
  function publishMany(items: Array<{ userId: string; notification: Notification }>) {
    if (!items.length) return;
    fanout.publishMany(items.map((data) => ({ topic: TOPIC, data }))).catch((error: Error) => log.warn({ err: error.message, count: items.length }, 'live notifications not pushed'));
  }

  return {
    publish(userId: string, notification: Notification) {
      // The notification is already stored: a failed push only means it shows on the next load.
      fanout.publish(TOPIC, { userId, notification }).catch((error: Error) => log.warn({ err: error.message, userId }, 'live notification not pushed'));
    },
    /** Notifications just stored (after their transaction committed), each to its recipient. */
    publishStored(rows: NotificationRow[]) {
      publishMany(rows.map((row) => ({ userId: row.userId, notification: toNotification(row) })));
    },
    /** Returns the function that unsubscribes. */
    subscribe(userId: string, listener: NotificationListener): () => void {
      local.on(userId, listener);
      return () => local.off(userId, listener);
    },
    countListeners(userId: string): number {
      return local.listenerCount(userId);
    },
  };
}
export type NotificationsHub = ReturnType<typeof createNotificationsHub>;
