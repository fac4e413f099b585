// Watches the searches the app sends to Meilisearch (through the same client object its services
// hold): the bench records them to replay the identical request straight to Meilisearch, and times
// them inside API requests to show how much of an API call is Meilisearch.
import type { Meilisearch, SearchParams } from 'meilisearch';

export interface ObservedSearch {
  indexUid: string;
  q: string | null | undefined;
  params: SearchParams | undefined;
  ms: number;
  /** Size of Meilisearch's answer once serialised again (an estimate of the bytes on the wire). */
  bytes?: number;
  /** Set when the app sent a multi-search; replay sends the same. */
  multi?: { queries: unknown[] };
  /** Sent while another request was still waiting (a search's page and counts go together). */
  concurrent?: boolean;
}

/**
 * Sends the requests behind one API request again, as the app did: those it sent together at once,
 * one after another otherwise (matching fetches the documents it shows after ranking candidates).
 */
export async function replayRequest(client: Meilisearch, searches: ObservedSearch[]): Promise<void> {
  for (let start = 0; start < searches.length;) {
    let end = start + 1;
    while (end < searches.length && searches[end].concurrent) end += 1;
    await Promise.all(searches.slice(start, end).map((search) => replaySearch(client, search)));
    start = end;
  }
}

/** Sends an observed request again, exactly as the app sent it. */
export function replaySearch(client: Meilisearch, search: ObservedSearch): Promise<unknown> {
  if (search.multi) return client.multiSearch(search.multi as Parameters<Meilisearch['multiSearch']>[0]);
  return client.index(search.indexUid).search(search.q, search.params);
}

export function tapSearches(client: Meilisearch) {
  const originalIndex = client.index;
  let listener: ((search: ObservedSearch) => void) | null = null;
  let spanListener: ((ms: number) => void) | null = null;
  let measureBytes = false;
  // Requests sent together (a search's page and counts) overlap: a span runs from the first start
  // while none was in flight to the end that leaves none in flight. Spans of one API request add up.
  let inFlight = 0;
  let spanStarted = 0;
  /** Times one request and reports it, with what identifies it for a replay. */
  async function observe<T>(send: () => Promise<T>, describe: Omit<ObservedSearch, 'ms' | 'bytes'>): Promise<T> {
    const started = performance.now();
    const concurrent = inFlight > 0;
    if (inFlight++ === 0) spanStarted = started;
    try {
      const result = await send();
      const ms = performance.now() - started;
      listener?.({ ...describe, ms, concurrent, bytes: measureBytes ? JSON.stringify(result).length : undefined });
      return result;
    } finally {
      if (--inFlight === 0) spanListener?.(performance.now() - spanStarted);
    }
  }
  client.index = ((uid: string) => {
    const index = originalIndex.call(client, uid);
    const search = index.search.bind(index);
    index.search = ((q, params, extra) =>
      observe(() => search(q, params, extra), { indexUid: uid, q, params: params as SearchParams | undefined })) as typeof index.search;
    return index;
  }) as Meilisearch['index'];
  const originalMultiSearch = client.multiSearch;
  client.multiSearch = ((body: { queries: Array<{ indexUid: string; q?: string | null }> }, extra?: unknown) =>
    observe(() => (originalMultiSearch as (b: unknown, e?: unknown) => Promise<unknown>).call(client, body, extra),
      { indexUid: body.queries[0]?.indexUid ?? '', q: body.queries[0]?.q, params: undefined, multi: body })) as Meilisearch['multiSearch'];
  return {
    listen(fn: ((search: ObservedSearch) => void) | null, options: { measureBytes?: boolean } = {}) {
      listener = fn;
      measureBytes = options.measureBytes ?? false;
    },
    /** Reports how long Meilisearch was busy per API request; meaningful one request at a time. */
    listenSpans(fn: ((ms: number) => void) | null) {
      spanListener = fn;
    },
    restore() {
      client.index = originalIndex;
      client.multiSearch = originalMultiSearch;
    },
  };
}
