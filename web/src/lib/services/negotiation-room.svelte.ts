// One open negotiation room on screen: the history (REST pages backwards, then the live stream from
// the socket, each event once and in seq order), what this person sent that is not acknowledged yet
// (from the client's stored outbox, so it shows again after a reload), presence, typing, and the
// negotiation's state (latest version, who accepted what, agreed/ended) kept current by the events.
import type { ClientWriteFrame, Negotiation, NegotiationEvent, NegotiationSide } from '$shared/schemas/negotiations.ts';
import type { Terms } from '$shared/schemas/terms.ts';
import { listNegotiationEvents } from '../api/negotiations.ts';
import type { NegotiationClient } from '../negotiation/client.ts';
import type { ErrorFrame } from '../negotiation/frames.ts';
import { negotiationsLive } from './negotiations.svelte.ts';

export const HISTORY_PAGE = 50;
const TYPING_SHOWN_MS = 5000;
/** The server relays a person's typing notice at most every 2 s; sending more often is wasted. */
const TYPING_SEND_MS = 2000;

export interface RoomMember { userId: string; name: string; side: NegotiationSide }
export interface Refusal { frame: ClientWriteFrame; error: ErrorFrame }

export class NegotiationRoom {
  negotiation = $state<Negotiation>() as Negotiation;
  events = $state<NegotiationEvent[]>([]);
  hasEarlier = $state(false);
  loadingEarlier = $state(false);
  earlierFailed = $state(false);
  pending = $state<ClientWriteFrame[]>([]);
  refusals = $state<Refusal[]>([]);
  presence = $state<RoomMember[]>([]);
  typing = $state<Record<string, { name: string; until: number }>>({});
  /** The newest event from someone else, for the screen reader's live region. */
  lastIncoming = $state<NegotiationEvent | null>(null);
  /** Everyone seen in this room (presence and typing), for naming the authors of messages. */
  names = $state<Record<string, string>>({});

  readonly #client: NegotiationClient;
  readonly #userId: string;
  #stops: Array<() => void> = [];
  #lastTypingSent = 0;
  #typingTimer: ReturnType<typeof setInterval> | undefined;

  constructor(negotiation: Negotiation, firstPage: { items: NegotiationEvent[]; hasMore: boolean }, client: NegotiationClient, userId: string) {
    this.negotiation = negotiation;
    this.events = firstPage.items;
    this.hasEarlier = firstPage.hasMore;
    this.#client = client;
    this.#userId = userId;
  }

  get id(): string {
    return this.negotiation.id;
  }
  get lastSeq(): number {
    return this.events.at(-1)?.seq ?? this.negotiation.lastSeq;
  }
  get isMember(): boolean {
    return this.negotiation.side !== null;
  }
  get isOpen(): boolean {
    return this.negotiation.status === 'open';
  }
  isMine(event: NegotiationEvent): boolean {
    return event.authorId === this.#userId;
  }

  start(): void {
    const client = this.#client;
    this.#stops.push(
      client.on('event', (event) => event.negotiationId === this.id && this.#receive(event)),
      client.on('ack', () => this.#refreshPending()),
      // After a (re)connect the replay is complete: the reader has seen it all.
      client.on('subscribed', (frame) => frame.negotiationId === this.id && this.#markRead()),
      client.on('rejected', (refusal) => {
        if (refusal.frame.negotiationId !== this.id) return;
        this.refusals = [...this.refusals, refusal];
        this.#refreshPending();
      }),
      client.on('presence', (frame) => {
        if (frame.negotiationId !== this.id) return;
        this.presence = frame.members;
        this.#learnNames(frame.members);
      }),
      client.on('typing', (frame) => {
        if (frame.negotiationId !== this.id || frame.userId === this.#userId) return;
        this.typing = { ...this.typing, [frame.userId]: { name: frame.name, until: Date.now() + TYPING_SHOWN_MS } };
        this.#learnNames([frame]);
      }),
    );
    this.#typingTimer = setInterval(() => this.#expireTyping(), 1000);
    negotiationsLive.enterRoom(this.id, this.lastSeq);
    // Everything after the last event on screen, then live: the server replays what came meanwhile.
    client.subscribe(this.id, { afterSeq: this.lastSeq });
    this.#refreshPending();
    this.#markRead();
  }

  destroy(): void {
    for (const stop of this.#stops.splice(0)) stop();
    clearInterval(this.#typingTimer);
    negotiationsLive.leaveRoom(this.id);
  }

  async loadEarlier(): Promise<void> {
    const first = this.events[0]?.seq;
    if (!first || this.loadingEarlier) return;
    this.loadingEarlier = true;
    this.earlierFailed = false;
    try {
      const page = await listNegotiationEvents(this.id, { beforeSeq: first, limit: HISTORY_PAGE });
      const known = new Set(this.events.map((event) => event.seq));
      this.events = [...page.items.filter((event) => !known.has(event.seq)), ...this.events];
      this.hasEarlier = page.hasMore;
    } catch {
      this.earlierFailed = true;
    } finally {
      this.loadingEarlier = false;
    }
  }

  sendMessage = (text: string) => this.#afterWrite(this.#client.sendMessage(this.id, text));
  sendOffer = (terms: Terms) => this.#afterWrite(this.#client.sendOffer(this.id, terms));
  accept = (version: number) => this.#afterWrite(this.#client.accept(this.id, version));
  withdraw = (reason: string) => this.#afterWrite(this.#client.withdraw(this.id, reason));

  /** Tells the others this person is typing, at most as often as the server relays it. */
  noteTyping(): void {
    const now = Date.now();
    if (now - this.#lastTypingSent < TYPING_SEND_MS) return;
    this.#lastTypingSent = now;
    this.#client.typing(this.id);
  }

  dismissRefusal(refusal: Refusal): void {
    this.refusals = this.refusals.filter((entry) => entry !== refusal);
  }

  #afterWrite(write: { clientMsgId: string; acked: Promise<number> }) {
    this.#refreshPending();
    return write;
  }

  #refreshPending() {
    // Acknowledged writes leave the outbox; one whose event already arrived is shown as that event.
    const arrived = new Set(this.events.filter((event) => this.isMine(event)).map((event) => event.clientMsgId));
    this.pending = this.#client.pending(this.id).filter((frame) => !arrived.has(frame.clientMsgId));
  }

  #receive(event: NegotiationEvent) {
    const last = this.events.at(-1)?.seq ?? 0;
    if (event.seq <= last) return;
    this.events = [...this.events, event];
    this.#apply(event);
    if (!this.isMine(event)) {
      this.lastIncoming = event;
      if (event.authorId) delete this.typing[event.authorId];
    }
    this.#refreshPending();
    this.#markRead();
  }

  /** Keeps the room's state current; events up to the snapshot's lastSeq are already in it. */
  #apply(event: NegotiationEvent) {
    const room = this.negotiation;
    if (event.seq <= room.lastSeq) return;
    const payload = event.payload as Record<string, unknown>;
    const next: Negotiation = { ...room, lastSeq: event.seq, updatedAt: event.createdAt };
    if (event.kind === 'offer') {
      next.latestVersion = payload.version as number;
      next.latestTerms = payload.terms as Terms;
    } else if (event.kind === 'accept') {
      next.accepted = { ...room.accepted, [payload.side as NegotiationSide]: payload.version as number };
    } else if (event.kind === 'agreed') {
      next.status = 'agreed';
      next.partnershipId = (payload.partnershipId as string | undefined) ?? null;
    } else if (event.kind === 'withdraw' || event.kind === 'ended') {
      next.status = 'ended';
    }
    this.negotiation = next;
  }

  #markRead() {
    if (typeof document !== 'undefined' && document.visibilityState === 'hidden') return;
    if (this.isMember) this.#client.markRead(this.id, this.lastSeq);
  }

  #learnNames(members: Array<{ userId: string; name: string }>) {
    const names = { ...this.names };
    for (const member of members) names[member.userId] = member.name;
    this.names = names;
  }

  #expireTyping() {
    const now = Date.now();
    const active = Object.entries(this.typing).filter(([, entry]) => entry.until > now);
    if (active.length !== Object.keys(this.typing).length) this.typing = Object.fromEntries(active);
  }
}
