// The one interface search and matching depend on; adapters: builtin (offline) and OpenAI-compatible.

export type EmbeddingPurpose = 'document' | 'query';

export interface Embedder {
  /** Changes whenever vectors would change (provider, model, dimensions, algorithm/thesaurus version): embeddings are cached under it. */
  readonly id: string;
  readonly dimensions: number;
  embed(texts: string[], purpose: EmbeddingPurpose): Promise<number[][]>;
}
