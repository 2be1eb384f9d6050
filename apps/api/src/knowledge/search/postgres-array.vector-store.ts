import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { ScoredChunkRow } from '../knowledge.repository.js';
import { chunkFilterSql } from './chunk-filter.sql.js';
import { type ChunkFilter, KnowledgeVectorStore } from './vector-store.port.js';

/**
 * The embedded vector store: chunks keep their unit-length embedding as `real[]` and the dot
 * product (= cosine) is computed in SQL — an exact scan of the filtered chunks, no extension.
 */
@Injectable()
export class PostgresArrayVectorStore extends KnowledgeVectorStore {
  readonly name = 'postgres-real-array';

  constructor(@InjectDataSource() private readonly db: DataSource) {
    super();
  }

  async searchSimilar(
    filter: ChunkFilter,
    embedding: number[],
    limit: number,
    minScore: number,
  ): Promise<ScoredChunkRow[]> {
    const { where, params } = chunkFilterSql(filter, 4);
    const rows: Array<ScoredChunkRow & { score: string | number }> = await this.db.query(
      `SELECT * FROM (
         SELECT c.knowledge_base_id AS "knowledgeBaseId", c.document_id AS "documentId", d.name AS "documentName",
                c.position, c.text,
                (SELECT sum(a * b) FROM unnest(c.embedding, $1::real[]) AS v(a, b)) AS score
         FROM knowledge_chunks c JOIN knowledge_documents d ON d.id = c.document_id
         WHERE ${where}
       ) s
       WHERE s.score >= $3
       ORDER BY s.score DESC, s."documentId", s.position
       LIMIT $2`,
      [`{${embedding.join(',')}}`, limit, minScore, ...params],
    );
    return rows.map((r) => ({ ...r, score: Number(r.score) }));
  }
}
