// The signed-in person's notifications: the unread count and the latest few, kept current over a
// WebSocket. The socket is a nicety: when it is refused or drops, the bell still works from HTTP and
// the service retries with exponential backoff (with jitter, so a restarted server is not stormed).
import { browser } from '$app/environment';
import type { LiveMessage, Notification } from '$shared/schemas/alerts.ts';
import * as alertsApi from '../api/alerts.ts';

const RECENT_SIZE = 8;
const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 60_000;

type Listener = (notification: Notification) => void;

class NotificationCenter {
  unread = $state(0);
  recent = $state<Notification[]>([]);
  /** Whether the live channel is open (for a quiet indicator; nothing depends on it). */
  live = $state(false);

  #userId: string | null = null;
  #socket: WebSocket | null = null;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #attempt = 0;
  #listeners = new Set<Listener>();
  #onOnline = () => {
    if (this.#userId && !this.#socket) this.#connect();
  };

  /** Starts (or keeps) following this person's notifications. */
  start(userId: string): void {
    if (!browser || this.#userId === userId) return;
    this.stop();
    this.#userId = userId;
    this.#attempt = 0;
    window.addEventListener('online', this.#onOnline);
    void this.refresh();
    this.#connect();
  }

  /** Signed out: forget everything and close the socket. */
  stop(): void {
    this.#userId = null;
    clearTimeout(this.#retryTimer);
    if (browser) window.removeEventListener('online', this.#onOnline);
    const socket = this.#socket;
    this.#socket = null;
    socket?.close(1000);
    this.live = false;
    this.unread = 0;
    this.recent = [];
  }

  /** Called with each notification that arrives live; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async refresh(): Promise<void> {
    const userId = this.#userId;
    try {
      const page = await alertsApi.listNotifications({ pageSize: RECENT_SIZE });
      if (userId !== this.#userId) return;
      this.recent = page.items;
      this.unread = page.unread;
    } catch {
      // The bell keeps what it has; the notifications page shows its own error.
    }
  }

  async markRead(id: string): Promise<void> {
    const item = this.recent.find((notification) => notification.id === id);
    if (item && !item.readAt) {
      item.readAt = new Date().toISOString();
      this.unread = Math.max(0, this.unread - 1);
    }
    try {
      await alertsApi.markNotificationRead(id);
    } catch {
      await this.refresh();
    }
    this.#announceRead(id);
  }

  async markAllRead(): Promise<void> {
    const now = new Date().toISOString();
    for (const item of this.recent) item.readAt ??= now;
    this.unread = 0;
    try {
      await alertsApi.markAllNotificationsRead();
    } catch {
      await this.refresh();
    }
    this.#announceRead(null);
  }

  /** Pages showing their own list of notifications hear about reads done elsewhere (the bell). */
  #readListeners = new Set<(id: string | null) => void>();
  onRead(listener: (id: string | null) => void): () => void {
    this.#readListeners.add(listener);
    return () => this.#readListeners.delete(listener);
  }
  #announceRead(id: string | null) {
    for (const listener of this.#readListeners) listener(id);
  }

  #connect(): void {
    if (!this.#userId || typeof WebSocket === 'undefined') return;
    let socket: WebSocket;
    try {
      socket = new WebSocket(alertsApi.liveNotificationsUrl(location));
    } catch {
      this.#scheduleRetry();
      return;
    }
    this.#socket = socket;
    const reconnected = this.#attempt > 0;
    socket.onopen = () => {
      this.#attempt = 0;
      this.live = true;
    };
    socket.onmessage = (event) => {
      if (socket !== this.#socket) return;
      let message: LiveMessage;
      try {
        message = JSON.parse(String(event.data)) as LiveMessage;
      } catch {
        return;
      }
      if (message.type === 'hello') {
        this.unread = message.unread;
        // Anything created while we were away arrived without us: fetch the list again.
        if (reconnected) void this.refresh();
      } else if (message.type === 'notification') {
        this.#receive(message.notification);
      }
    };
    // An error is always followed by close; retrying happens there.
    socket.onerror = () => undefined;
    socket.onclose = () => {
      if (socket !== this.#socket) return;
      this.#socket = null;
      this.live = false;
      this.#scheduleRetry();
    };
  }

  #receive(notification: Notification) {
    if (this.recent.some((item) => item.id === notification.id)) return;
    this.recent = [notification, ...this.recent].slice(0, RECENT_SIZE);
    if (!notification.readAt) this.unread += 1;
    for (const listener of this.#listeners) listener(notification);
  }

  #scheduleRetry() {
    if (!this.#userId) return;
    clearTimeout(this.#retryTimer);
    const ceiling = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** this.#attempt);
    const delay = ceiling / 2 + Math.random() * (ceiling / 2);
    this.#attempt += 1;
    this.#retryTimer = setTimeout(() => this.#connect(), delay);
  }
}

export const notifications = new NotificationCenter();
