// Splits an indexer drain into its parts without touching server code: the bench wraps the app's
// embedder and Meilisearch client (same objects the indexer holds) and adds up where time goes.
import type { Meilisearch, Task } from 'meilisearch';
import type { App } from '../../../server/app.ts';

export interface IndexingTotals {
  /** Pure embedding compute (the provider's embed()). */
  embedMs: number;
  embeddedTexts: number;
  /** embedDocuments(): embedding plus the embedding-cache lookup and insert in the database. */
  embedDocumentsMs: number;
  /** From sending a document batch (or deletion) to Meilisearch until waitTask saw it finished. */
  meiliWaitMs: number;
  meiliTasks: number;
}

const zero = (): IndexingTotals => ({ embedMs: 0, embeddedTexts: 0, embedDocumentsMs: 0, meiliWaitMs: 0, meiliTasks: 0 });

type Waitable = { waitTask(options?: object): Promise<unknown> };

export function instrumentIndexing(app: App) {
  let totals = zero();
  const base = app.embedder.embedder as { embed: typeof app.embedder.embedder.embed };
  const originalEmbed = base.embed;
  const originalEmbedDocuments = app.embedder.embedDocuments;
  const client = app.meili.client as Meilisearch & { index: Meilisearch['index'] };
  const originalIndex = client.index;

  base.embed = async (texts, purpose) => {
    const started = performance.now();
    try {
      return await originalEmbed.call(base, texts, purpose);
    } finally {
      if (purpose === 'document') {
        totals.embedMs += performance.now() - started;
        totals.embeddedTexts += texts.length;
      }
    }
  };
  app.embedder.embedDocuments = async (texts) => {
    const started = performance.now();
    try {
      return await originalEmbedDocuments(texts);
    } finally {
      totals.embedDocumentsMs += performance.now() - started;
    }
  };
  // waitTask is a read-only property of the client's promise: hand back a new promise that has our own.
  const timeWrites = <P extends Promise<unknown> & Waitable>(send: () => P): P => {
    const started = performance.now();
    const promise = send();
    const wrapped = promise.then((value) => value);
    Object.defineProperty(wrapped, 'waitTask', {
      value: async (options?: object) => {
        try {
          return await promise.waitTask(options);
        } finally {
          totals.meiliWaitMs += performance.now() - started;
          totals.meiliTasks += 1;
        }
      },
    });
    return wrapped as P;
  };
  client.index = ((uid: string) => {
    const index = originalIndex.call(client, uid);
    const add = index.addDocuments.bind(index);
    const remove = index.deleteDocuments.bind(index);
    index.addDocuments = ((...args: Parameters<typeof add>) => timeWrites(() => add(...args))) as typeof index.addDocuments;
    index.deleteDocuments = ((...args: Parameters<typeof remove>) => timeWrites(() => remove(...args))) as typeof index.deleteDocuments;
    return index;
  }) as Meilisearch['index'];

  return {
    take(): IndexingTotals {
      const result = totals;
      totals = zero();
      return result;
    },
    restore() {
      base.embed = originalEmbed;
      app.embedder.embedDocuments = originalEmbedDocuments;
      client.index = originalIndex;
    },
  };
}

/** "PT1.234S" / "PT1M2.5S" → milliseconds. */
export function parseIsoDurationMs(duration: string | null): number {
  const match = /^P(?:(\d+)D)?T?(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$/.exec(duration ?? '');
  if (!match) return 0;
  const [, d, h, m, s] = match;
  return (((Number(d ?? 0) * 24 + Number(h ?? 0)) * 60 + Number(m ?? 0)) * 60 + Number(s ?? 0)) * 1000;
}

/** What Meilisearch itself reports for the document tasks of an index: count and summed processing time. */
export async function summarizeMeiliTasks(client: Meilisearch, indexUid: string) {
  let from: number | null | undefined;
  const summary = { tasks: 0, processingMs: 0, documents: 0, failed: 0 };
  do {
    const page = await client.tasks.getTasks({ indexUids: [indexUid], types: ['documentAdditionOrUpdate', 'documentDeletion'], limit: 1000, ...(from != null ? { from } : {}) });
    for (const task of page.results as Task[]) {
      summary.tasks += 1;
      summary.processingMs += parseIsoDurationMs(task.duration);
      summary.documents += Number((task.details as { indexedDocuments?: number } | undefined)?.indexedDocuments ?? 0);
      if (task.status === 'failed') summary.failed += 1;
    }
    from = page.next;
  } while (from != null);
  return summary;
}
