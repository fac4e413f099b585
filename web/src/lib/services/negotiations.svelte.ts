// The signed-in person's negotiations, live: one reconnecting socket client per person (its outbox
// in localStorage under the person's id, so nothing typed is lost across a reload), shared by the
// navigation's unread count and the room page. The count starts from GET /api/negotiations?mine=true
// and follows the events of every room as they arrive; a room opened meanwhile is picked up when a
// notification arrives (the server notifies about a new room) or on the next visit to the list.
import { browser } from '$app/environment';
import type { Negotiation, NegotiationEvent } from '$shared/schemas/negotiations.ts';
import { listNegotiations, negotiationSocketUrl } from '../api/negotiations.ts';
import { NegotiationClient, type ConnectionStatus } from '../negotiation/client.ts';
import { notifications } from './notifications.svelte.ts';

/** What the room page shows about the connection. */
export type ConnectionView = 'connecting' | 'live' | 'reconnecting' | 'offline' | 'closed';

export function connectionView(status: ConnectionStatus, wasOpen: boolean): ConnectionView {
  if (status.state === 'open') return 'live';
  if (status.state === 'offline') return 'offline';
  if (status.state === 'closed') return status.closeCode ? 'closed' : wasOpen ? 'reconnecting' : 'connecting';
  return wasOpen || status.attempt > 0 ? 'reconnecting' : 'connecting';
}

class NegotiationsLive {
  /** Unread events per room (others' events after this person's read mark). */
  unread = $state<Record<string, number>>({});
  connection = $state<ConnectionView>('connecting');
  client: NegotiationClient | null = null;

  #userId: string | null = null;
  #wasOpen = false;
  /** The highest seq counted per room, so a room re-subscribed from an earlier seq is not counted twice. */
  #counted = new Map<string, number>();
  #onScreen: string | null = null;
  #stops: Array<() => void> = [];

  get totalUnread(): number {
    return Object.values(this.unread).reduce((total, count) => total + count, 0);
  }

  start(userId: string): void {
    if (!browser || this.#userId === userId) return;
    this.stop();
    this.#userId = userId;
    const client = new NegotiationClient({
      url: negotiationSocketUrl(location),
      storage: window.localStorage,
      storageKey: `kopir:negotiation:${userId}`,
    });
    this.client = client;
    this.#stops.push(
      client.on('status', (status) => {
        if (status.state === 'open') this.#wasOpen = true;
        this.connection = connectionView(status, this.#wasOpen);
      }),
      client.on('event', (event) => this.#count(event)),
      // A new room (or anything about one) arrives as a notification: look at the list again.
      notifications.subscribe(() => void this.refresh()),
    );
    client.connect();
    void this.refresh();
  }

  stop(): void {
    for (const stop of this.#stops.splice(0)) stop();
    this.client?.close();
    this.client = null;
    this.#userId = null;
    this.#wasOpen = false;
    this.#counted.clear();
    this.unread = {};
    this.connection = 'connecting';
  }

  /** Reloads the counts and follows every room this person is in. Answers the list (null when it failed). */
  async refresh(): Promise<Negotiation[] | null> {
    const userId = this.#userId;
    try {
      const list = await listNegotiations({ mine: true });
      if (userId !== this.#userId || !this.client) return list.items;
      const unread: Record<string, number> = {};
      for (const room of list.items) {
        unread[room.id] = room.id === this.#onScreen ? 0 : room.unread;
        if (!this.#counted.has(room.id)) {
          this.#counted.set(room.id, room.lastSeq);
          // The room page subscribes by itself (from where its history ends); others from the list's last seq.
          if (room.id !== this.#onScreen && room.status === 'open') this.client.subscribe(room.id, { afterSeq: room.lastSeq });
        }
      }
      this.unread = unread;
      return list.items;
    } catch {
      return null;
    }
  }

  /** The room page is showing this room: its events are read as they arrive. */
  enterRoom(negotiationId: string, lastSeq: number): void {
    this.#onScreen = negotiationId;
    this.#counted.set(negotiationId, Math.max(this.#counted.get(negotiationId) ?? 0, lastSeq));
    this.unread = { ...this.unread, [negotiationId]: 0 };
  }

  leaveRoom(negotiationId: string): void {
    if (this.#onScreen === negotiationId) this.#onScreen = null;
  }

  #count(event: NegotiationEvent) {
    const counted = this.#counted.get(event.negotiationId) ?? 0;
    if (event.seq <= counted) return;
    this.#counted.set(event.negotiationId, event.seq);
    if (event.authorId === this.#userId || event.negotiationId === this.#onScreen) return;
    this.unread = { ...this.unread, [event.negotiationId]: (this.unread[event.negotiationId] ?? 0) + 1 };
  }
}

export const negotiationsLive = new NegotiationsLive();
