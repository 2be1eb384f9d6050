import type { ChunkFilter } from './vector-store.port.js';

/**
 * The WHERE clause of a chunk filter over `knowledge_chunks c JOIN knowledge_documents d`, with
 * its parameters numbered from `first` (shared by the vector and the full-text search).
 */
export function chunkFilterSql(filter: ChunkFilter, first: number): { where: string; params: unknown[] } {
  const clauses = [`c.knowledge_base_id = ANY($${first})`];
  const params: unknown[] = [filter.knowledgeBaseIds];
  if (filter.documentIds?.length) {
    params.push(filter.documentIds);
    clauses.push(`c.document_id = ANY($${first + params.length - 1}::uuid[])`);
  }
  if (filter.tags?.length) {
    params.push(filter.tags);
    clauses.push(`d.tags && $${first + params.length - 1}::text[]`);
  }
  return { where: clauses.join(' AND '), params };
}
