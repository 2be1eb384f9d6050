import { Injectable } from '@nestjs/common';
import { KnowledgeErrorCodes, type RetrievedChunk } from '@agenthub/contracts';
import { DomainError } from '../common/domain-error.js';
import { usableByOwner } from './knowledge-access.rules.js';
import type { KnowledgeBaseEntity } from './knowledge-base.entity.js';
import { KnowledgeEmbeddings } from './knowledge-embeddings.service.js';
import { KnowledgeRepository } from './knowledge.repository.js';

/** Most chunks one search returns, whatever a node or request asks for. */
export const MAX_CHUNKS_PER_QUERY = 50;

export interface SearchOptions {
  topK?: number;
  scoreThreshold?: number;
}

/**
 * Similarity search over already-authorised bases. Bases with different embedding models are
 * searched per model and merged by score (cosine of unit vectors, comparable across bases of
 * one model; across models only roughly).
 */
@Injectable()
export class KnowledgeSearch {
  constructor(
    private readonly repo: KnowledgeRepository,
    private readonly embeddings: KnowledgeEmbeddings,
  ) {}

  async search(
    bases: KnowledgeBaseEntity[],
    query: string,
    options: SearchOptions = {},
  ): Promise<RetrievedChunk[]> {
    if (bases.length === 0) return [];
    const topK = Math.min(options.topK ?? Math.max(...bases.map((b) => b.topK)), MAX_CHUNKS_PER_QUERY);
    const threshold = options.scoreThreshold ?? Math.min(...bases.map((b) => b.scoreThreshold));
    const groups = new Map<string, KnowledgeBaseEntity[]>();
    for (const b of bases) {
      const key = `${b.embeddingConfigId ?? 'demo'}:${b.embeddingModel}`;
      groups.set(key, [...(groups.get(key) ?? []), b]);
    }
    const found: RetrievedChunk[] = [];
    for (const group of groups.values()) {
      const embedder = await this.embeddings.forBase(group[0]);
      const [vector] = await embedder.embed([query]);
      const rows = await this.repo.searchSimilar(
        group.map((b) => b.id),
        vector,
        topK,
        threshold,
      );
      found.push(...rows.map((r) => ({ ...r, index: 0, score: round(r.score) })));
    }
    return found
      .sort((a, b) => b.score - a.score)
      .slice(0, topK)
      .map((c, i) => ({ ...c, index: i + 1 }));
  }

  /** The bases of a retrieval node, as the agent owner may use them; 422 naming any other. */
  async basesForOwner(ids: string[], ownerId: string | null): Promise<KnowledgeBaseEntity[]> {
    const unique = [...new Set(ids)];
    const bases = await this.repo.findBasesByIds(unique);
    const usable = bases.filter((b) => usableByOwner(b, ownerId));
    const missing = unique.filter((id) => !usable.some((b) => b.id === id));
    if (missing.length > 0)
      throw DomainError.unprocessable(
        KnowledgeErrorCodes.knowledgeBaseNotFound,
        `Knowledge base ${missing.join(', ')} does not exist or may not be used by this agent`,
      );
    return usable;
  }
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
