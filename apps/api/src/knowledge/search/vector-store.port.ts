import type { ScoredChunkRow } from '../knowledge.repository.js';

/** Which chunks a search may return: bases (already authorised) and optional metadata filters. */
export interface ChunkFilter {
  knowledgeBaseIds: string[];
  /** Only chunks of these documents. */
  documentIds?: string[];
  /** Only chunks of documents with at least one of these (lower-cased) tags. */
  tags?: string[];
}

/**
 * The vector store port: the `limit` chunks most similar to a unit-length query vector (cosine),
 * at least `minScore`. Abstract class so it doubles as the Nest injection token. Adapter here:
 * `PostgresArrayVectorStore` (the chunks' `real[]` column, no extension); see the module README
 * "Vector store" for the measurements and why there is no pgvector adapter.
 */
export abstract class KnowledgeVectorStore {
  abstract readonly name: string;
  abstract searchSimilar(
    filter: ChunkFilter,
    embedding: number[],
    limit: number,
    minScore: number,
  ): Promise<ScoredChunkRow[]>;
}
