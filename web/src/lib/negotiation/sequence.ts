// One room's place in its event sequence: hands events over exactly once and in seq order.
// Duplicates and old events are dropped; events that arrive early (after a hole) wait until the hole
// is filled by a replay, so nothing is handed over out of order and nothing already received is lost.
import type { NegotiationEvent } from './frames.ts';

/** Early events kept per room while a replay fills a hole; beyond this the replay brings them again. */
const MAX_WAITING = 5_000;

export interface RoomSequence {
  /** The last seq handed over. */
  readonly lastSeq: number;
  /** Early events held back. */
  readonly waiting: number;
  /** A subscribe was sent and its replay has not completed yet. */
  resyncing: boolean;
  /** Takes one event; answers those now ready (in order) and whether a hole was seen. */
  receive(event: NegotiationEvent): { ready: NegotiationEvent[]; gap: boolean };
}

export function createRoomSequence(startAfter: number): RoomSequence {
  let lastSeq = startAfter;
  const early = new Map<number, NegotiationEvent>();
  return {
    get lastSeq() {
      return lastSeq;
    },
    get waiting() {
      return early.size;
    },
    resyncing: false,
    receive(event) {
      if (event.seq <= lastSeq) return { ready: [], gap: false };
      if (event.seq > lastSeq + 1) {
        if (early.size < MAX_WAITING) early.set(event.seq, event);
        return { ready: [], gap: true };
      }
      const ready = [event];
      lastSeq = event.seq;
      for (let next = early.get(lastSeq + 1); next; next = early.get(lastSeq + 1)) {
        early.delete(next.seq);
        ready.push(next);
        lastSeq = next.seq;
      }
      // Anything left below lastSeq is stale (cannot happen with the loop above, but stay bounded).
      for (const seq of early.keys()) if (seq <= lastSeq) early.delete(seq);
      return { ready, gap: early.size > 0 };
    },
  };
}
