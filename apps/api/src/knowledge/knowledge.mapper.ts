import type { KnowledgeBase, KnowledgeDocument } from '@agenthub/contracts';
import type { KnowledgeBaseEntity } from './knowledge-base.entity.js';
import type { KnowledgeDocumentEntity } from './knowledge-document.entity.js';
import type { BaseCounts } from './knowledge.repository.js';

export function toKnowledgeBaseDto(row: KnowledgeBaseEntity, counts?: BaseCounts): KnowledgeBase {
  return {
    id: row.id,
    ownerId: row.ownerId,
    scope: row.ownerId ? 'personal' : 'platform',
    name: row.name,
    description: row.description,
    embedding: {
      serviceConfigId: row.embeddingConfigId,
      model: row.embeddingModel,
      dimensions: row.embeddingDimensions,
    },
    chunking: { chunkSize: row.chunkSize, chunkOverlap: row.chunkOverlap },
    retrieval: { topK: row.topK, scoreThreshold: row.scoreThreshold, hybridWeight: row.hybridWeight },
    documentCount: counts?.documents ?? 0,
    chunkCount: counts?.chunks ?? 0,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toKnowledgeDocumentDto(row: KnowledgeDocumentEntity): KnowledgeDocument {
  return {
    id: row.id,
    knowledgeBaseId: row.knowledgeBaseId,
    name: row.name,
    source: row.source,
    mimeType: row.mimeType,
    sizeBytes: row.sizeBytes,
    contentHash: row.contentHash,
    status: row.status,
    progress: { done: row.chunksDone, total: row.chunksTotal },
    error: row.errorCode ? { code: row.errorCode, message: row.errorMessage ?? '' } : null,
    url: row.url,
    tags: row.tags ?? [],
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
