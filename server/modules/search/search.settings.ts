import { createHash } from 'node:crypto';
import type { Meilisearch, Settings } from 'meilisearch';
import { EMBEDDER_NAME } from './search.documents.ts';
import { getDefaultThesaurus } from '../thesaurus/thesaurus.ts';
import { FACET_KEYS_ATTRIBUTE, MAX_FACET_KEYS } from './search.facets.ts';

// Bump when the document shape changes: every entity is re-indexed on the next start.
export const DOCUMENT_VERSION = 2;

export interface IndexNames {
  tasks: string;
  institutes: string;
}

export const indexNamesFor = (prefix: string): IndexNames => ({ tasks: `${prefix}tasks`, institutes: `${prefix}institutes` });

const TYPO_TOLERANCE: Settings['typoTolerance'] = {
  enabled: true,
  // Short technical words (Se, Cu, ИИ, TRL) must not be "corrected" into other words.
  minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 },
  disableOnAttributes: ['externalId'],
};

// Built once, needed for both indexes and for the settings version. Only concepts' one-word labels
// (ru/kk/en) become synonyms: Meilisearch unions every synonym's matches into each query, and on
// 100 000 tasks all labels (1 761 keys, phrases included) made a search ~10 ms slower at the median
// and ~20 ms at p95, one-word labels (~190 keys) 1–3 ms (npm run bench:search). Documents carry the
// labels of every concept found in them (conceptLabels), so a label typed in any language still
// finds them, and other terms reach across languages through the vectors.
let synonyms: Record<string, string[]> | null = null;
const SYNONYMS = { maxTermsPerConcept: 3, singleWordsOnly: true };

/** What both indexes share: synonyms from the thesaurus, typo rules, limits and the vector embedder. */
function buildCommonSettings(dimensions: number): Settings {
  return {
    displayedAttributes: ['*'],
    synonyms: (synonyms ??= getDefaultThesaurus().buildMeiliSynonyms(SYNONYMS)),
    typoTolerance: TYPO_TOLERANCE,
    pagination: { maxTotalHits: 5000 },
    faceting: { maxValuesPerFacet: MAX_FACET_KEYS },
    embedders: { [EMBEDDER_NAME]: { source: 'userProvided', dimensions } },
    // Word proximity per attribute rather than per word pair: indexing 20 000 profiles took 15 %
    // less time, and texts here are scored by meaning more than by adjacent words.
    proximityPrecision: 'byAttribute',
    // Nothing asks Meilisearch to search within facet values; skip building that index.
    facetSearch: false,
  };
}

export function buildTaskIndexSettings(dimensions: number): Settings {
  return {
    ...buildCommonSettings(dimensions),
    searchableAttributes: ['title', 'problem', 'conceptLabels', 'details', 'organisationName', 'externalId'],
    filterableAttributes: ['id', 'status', 'visibility', 'lang', 'priorityArea', 'region', 'budgetBand', 'budget', 'budgetMinKzt', 'budgetMaxKzt', 'trlTarget', 'deadlineTs', 'deadlineYear', 'organisationId', 'concepts', FACET_KEYS_ATTRIBUTE],
    // `id` breaks ties so pages partition one stable order.
    sortableAttributes: ['publishedTs', 'deadlineTs', 'budget', 'budgetMaxKzt', 'budgetMinKzt', 'id'],
  };
}

export function buildInstituteIndexSettings(dimensions: number): Settings {
  return {
    ...buildCommonSettings(dimensions),
    searchableAttributes: ['name', 'description', 'keywords', 'conceptLabels', 'laboratories', 'projects', 'publications', 'city', 'externalId'],
    filterableAttributes: ['id', 'lang', 'priorityAreas', 'region', 'accredited', 'concepts', FACET_KEYS_ATTRIBUTE],
    sortableAttributes: ['name', 'projectCount', 'id'],
  };
}

/** Identifies everything that, when changed, needs settings re-applied and documents rebuilt. */
export function computeSettingsVersion(embedderId: string, dimensions: number): string {
  const material = JSON.stringify({ DOCUMENT_VERSION, embedderId, dimensions, thesaurus: getDefaultThesaurus().version, tasks: buildTaskIndexSettings(dimensions), institutes: buildInstituteIndexSettings(dimensions) });
  return createHash('sha256').update(material).digest('hex').slice(0, 16);
}

/**
 * Meilisearch 1.21–1.28 keep vectors in arroy unless the graph-based store (hannoy, the default from
 * 1.29) is switched on. With arroy every hybrid search over 20 000 tasks ran into Meilisearch's 1.5 s
 * search cutoff; with hannoy the median was ~50 ms, and indexing was faster too (npm run bench:search).
 * A server that does not know the experimental flag refuses it: it then keeps its own default store.
 */
async function enableGraphVectorStore(client: Meilisearch): Promise<boolean> {
  try {
    await client.httpRequest.patch({ path: 'experimental-features', body: { vectorStoreSetting: true } });
    return true;
  } catch {
    return false;
  }
}
const GRAPH_VECTOR_STORE = { vectorStore: 'experimental' } as Settings;

/** Creates the indexes if needed and applies settings; Meilisearch treats identical settings as a no-op. */
export async function applyIndexSettings(client: Meilisearch, names: IndexNames, dimensions: number) {
  const graphStore = await enableGraphVectorStore(client);
  for (const [uid, settings] of [
    [names.tasks, buildTaskIndexSettings(dimensions)],
    [names.institutes, buildInstituteIndexSettings(dimensions)],
  ] as const) {
    await client.createIndex(uid, { primaryKey: 'id' }).waitTask({ timeout: 60_000 }).catch(() => undefined);
    const task = await client.index(uid).updateSettings(settings).waitTask({ timeout: 120_000 });
    if (task.status !== 'succeeded') throw new Error(`Applying settings to ${uid} failed: ${task.error?.message ?? task.status}`);
    // Separate, and not part of the versioned settings: switching converts the vectors in place (no
    // re-index), and a refusal only leaves the slower store.
    if (graphStore) await client.index(uid).updateSettings(GRAPH_VECTOR_STORE).waitTask({ timeout: 600_000 }).catch(() => undefined);
  }
}
