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
}

export function tapSearches(client: Meilisearch) {
  const originalIndex = client.index;
  let listener: ((search: ObservedSearch) => void) | null = null;
  let measureBytes = false;
  client.index = ((uid: string) => {
    const index = originalIndex.call(client, uid);
    const search = index.search.bind(index);
    index.search = (async (q, params, extra) => {
      const started = performance.now();
      const result = await search(q, params, extra);
      const ms = performance.now() - started;
      listener?.({ indexUid: uid, q, params: params as SearchParams | undefined, ms, bytes: measureBytes ? JSON.stringify(result).length : undefined });
      return result;
    }) as typeof index.search;
    return index;
  }) as Meilisearch['index'];
  return {
    listen(fn: ((search: ObservedSearch) => void) | null, options: { measureBytes?: boolean } = {}) {
      listener = fn;
      measureBytes = options.measureBytes ?? false;
    },
    restore() {
      client.index = originalIndex;
    },
  };
}
