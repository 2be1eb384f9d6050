import type { RetrievedChunk } from '@agenthub/contracts';
import type { NodeRef } from '../executors/executor.types.js';

export interface KnowledgeSearchRequest {
  query: string;
  knowledgeBaseIds: string[];
  /** Unset: each base's own retrieval settings. */
  topK?: number;
  scoreThreshold?: number;
}

/**
 * Where the `retrieval` node finds passages. The engine knows no database: the API implements
 * this port (access rules, embeddings, vector search) and passes it to `compileWorkflow`.
 */
export interface KnowledgePort {
  search(
    request: KnowledgeSearchRequest,
    context: { node: NodeRef; signal: AbortSignal },
  ): Promise<RetrievedChunk[]>;
}
