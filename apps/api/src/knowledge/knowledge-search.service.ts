import { Injectable } from '@nestjs/common';
import { KnowledgeErrorCodes, type RetrievedChunk } from '@agenthub/contracts';
import { DomainError } from '../common/domain-error.js';
import { usableByOwner } from './knowledge-access.rules.js';
import type { KnowledgeBaseEntity } from './knowledge-base.entity.js';
import { KnowledgeEmbeddings } from './knowledge-embeddings.service.js';
import { KnowledgeRepository, type ScoredChunkRow } from './knowledge.repository.js';
import { hybridWeights, reciprocalRankFusion } from './search/rank-fusion.rules.js';
import { planTextQuery } from './search/text-query.rules.js';
import { type ChunkFilter, KnowledgeVectorStore } from './search/vector-store.port.js';

/** Most chunks one search returns, whatever a node or request asks for. */
export const MAX_CHUNKS_PER_QUERY = 50;
/** Each arm of the hybrid search ranks this many times the chunks asked for, before fusion. */
const CANDIDATES_PER_RESULT = 4;

export interface SearchOptions {
  topK?: number;
  scoreThreshold?: number;
  /** Full-text weight of the fusion; default the bases' (their mean). */
  hybridWeight?: number;
  documentIds?: string[];
  tags?: string[];
}

/**
 * Hybrid search over already-authorised bases: the vector store's cosine ranking and the
 * Postgres full-text ranking (English words; CJK as substrings) fused by reciprocal rank fusion
 * with the hybrid weight. Every returned chunk's `score` is its cosine similarity, at least the
 * threshold; the order is the fused one. Bases with different embedding models are searched per
 * model and the groups' fused lists merged by fused score.
 */
@Injectable()
export class KnowledgeSearch {
  constructor(
    private readonly repo: KnowledgeRepository,
    private readonly embeddings: KnowledgeEmbeddings,
    private readonly vectors: KnowledgeVectorStore,
  ) {}

  async search(
    bases: KnowledgeBaseEntity[],
    query: string,
    options: SearchOptions = {},
  ): Promise<RetrievedChunk[]> {
    if (bases.length === 0) return [];
    const topK = Math.min(options.topK ?? Math.max(...bases.map((b) => b.topK)), MAX_CHUNKS_PER_QUERY);
    const threshold = options.scoreThreshold ?? Math.min(...bases.map((b) => b.scoreThreshold));
    const weights = hybridWeights(
      options.hybridWeight ?? bases.reduce((sum, b) => sum + b.hybridWeight, 0) / bases.length,
    );
    const plan = planTextQuery(query);
    const candidates = topK * CANDIDATES_PER_RESULT;
    const fused: Array<{ item: ScoredChunkRow; fused: number }> = [];
    for (const group of groupByEmbedding(bases)) {
      const embedder = await this.embeddings.forBase(group[0]);
      const [vector] = await embedder.embed([query]);
      const filter: ChunkFilter = {
        knowledgeBaseIds: group.map((b) => b.id),
        documentIds: options.documentIds,
        tags: options.tags,
      };
      const [byVector, byText] = await Promise.all([
        weights.vector > 0 ? this.vectors.searchSimilar(filter, vector, candidates, threshold) : [],
        weights.text > 0 ? this.repo.searchText(filter, plan, vector, candidates, threshold) : [],
      ]);
      fused.push(
        ...reciprocalRankFusion(
          [
            { items: byVector, weight: weights.vector },
            { items: byText, weight: weights.text },
          ],
          (c) => `${c.documentId}:${c.position}`,
        ),
      );
    }
    return fused
      .sort((a, b) => b.fused - a.fused)
      .slice(0, topK)
      .map(({ item }, i) => ({ ...item, index: i + 1, score: round(item.score) }));
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

/** Bases searched with one query vector: same embedding server and model. */
function groupByEmbedding(bases: KnowledgeBaseEntity[]): KnowledgeBaseEntity[][] {
  const groups = new Map<string, KnowledgeBaseEntity[]>();
  for (const b of bases) {
    const key = `${b.embeddingConfigId ?? 'demo'}:${b.embeddingModel}`;
    groups.set(key, [...(groups.get(key) ?? []), b]);
  }
  return [...groups.values()];
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
