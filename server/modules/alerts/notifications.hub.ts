import { EventEmitter } from 'node:events';
import type { Notification } from '../../../shared/schemas/alerts.ts';

export type NotificationListener = (notification: Notification) => void;

/**
 * Hands new notifications to the WebSocket connections of their recipient, in this process only.
 * With several server processes a person's socket may live in another one: that needs PostgreSQL
 * LISTEN/NOTIFY (publish → NOTIFY, every process LISTENs and re-publishes locally), a later issue.
 */
export function createNotificationsHub() {
  const emitter = new EventEmitter();
  // One listener per open socket; a person with many tabs is normal, not a leak.
  emitter.setMaxListeners(0);

  return {
    publish(userId: string, notification: Notification) {
      emitter.emit(userId, notification);
    },
    /** Returns the function that unsubscribes. */
    subscribe(userId: string, listener: NotificationListener): () => void {
      emitter.on(userId, listener);
      return () => emitter.off(userId, listener);
    },
    countListeners(userId: string): number {
      return emitter.listenerCount(userId);
    },
  };
}
export type NotificationsHub = ReturnType<typeof createNotificationsHub>;
