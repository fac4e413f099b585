// What the client keeps across reconnects and page reloads: the outbox of writes the server has not
// acknowledged yet, and the last seq seen in each room. The storage is `localStorage`-like, so the
// browser passes `window.localStorage` and Node (tests, the benchmark) an in-memory map.
import type { ClientWriteFrame } from '../../../../shared/schemas/negotiations.ts';

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export function createMemoryStorage(): KeyValueStorage & { readonly size: number } {
  const map = new Map<string, string>();
  return {
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
    get size() {
      return map.size;
    },
  };
}

function readJson<T>(storage: KeyValueStorage, key: string, fallback: T): T {
  try {
    const raw = storage.getItem(key);
    return raw === null ? fallback : (JSON.parse(raw) as T);
  } catch {
    // A corrupt entry (another version, a hand edit) must not stop the room from working.
    return fallback;
  }
}

function writeJson(storage: KeyValueStorage, key: string, value: unknown) {
  try {
    storage.setItem(key, JSON.stringify(value));
  } catch {
    // Quota exceeded or storage disabled (private mode): the in-memory copy still works for this page.
  }
}

/**
 * The persisted state under one prefix (one per signed-in person, so two accounts in one browser do
 * not resend each other's writes). Every change re-reads storage first: two tabs of the same person
 * share the outbox, and a write queued in one must not be erased by the other's acknowledgement.
 */
export function createClientStore(storage: KeyValueStorage, prefix: string) {
  const outboxKey = `${prefix}:outbox`;
  const seqKey = `${prefix}:seq`;
  return {
    outbox: (): ClientWriteFrame[] => readJson<ClientWriteFrame[]>(storage, outboxKey, []),
    addToOutbox(frame: ClientWriteFrame) {
      const current = readJson<ClientWriteFrame[]>(storage, outboxKey, []);
      if (!current.some((entry) => entry.clientMsgId === frame.clientMsgId)) current.push(frame);
      writeJson(storage, outboxKey, current);
    },
    removeFromOutbox(clientMsgId: string) {
      const current = readJson<ClientWriteFrame[]>(storage, outboxKey, []);
      const kept = current.filter((entry) => entry.clientMsgId !== clientMsgId);
      if (kept.length !== current.length) writeJson(storage, outboxKey, kept);
    },
    lastSeq: (negotiationId: string): number => readJson<Record<string, number>>(storage, seqKey, {})[negotiationId] ?? 0,
    setLastSeq(negotiationId: string, seq: number) {
      const current = readJson<Record<string, number>>(storage, seqKey, {});
      // Never move backwards: another tab may already have seen further.
      if ((current[negotiationId] ?? 0) >= seq) return;
      current[negotiationId] = seq;
      writeJson(storage, seqKey, current);
    },
  };
}
export type ClientStore = ReturnType<typeof createClientStore>;
