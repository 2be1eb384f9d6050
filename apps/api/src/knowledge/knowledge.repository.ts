import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { DocumentStatus, Page, PageQuery } from '@agenthub/contracts';
import { Brackets, type Repository } from 'typeorm';
import { paginate } from '../common/pagination.util.js';
import { KnowledgeBaseEntity } from './knowledge-base.entity.js';
import { KnowledgeDocumentEntity } from './knowledge-document.entity.js';
import { chunkFilterSql } from './search/chunk-filter.sql.js';
import { escapeLike, type TextQueryPlan } from './search/text-query.rules.js';
import type { ChunkFilter } from './search/vector-store.port.js';

export interface ChunkRow {
  position: number;
  text: string;
  embedding: number[];
}

export interface ScoredChunkRow {
  knowledgeBaseId: string;
  documentId: string;
  documentName: string;
  position: number;
  text: string;
  score: number;
}

export interface BaseCounts {
  documents: number;
  chunks: number;
}

/**
 * Persistence of knowledge bases, documents and chunks (chunks only through raw SQL: `real[]`).
 * Similarity search is the vector store port's (`search/`); the full-text arm is here.
 */
@Injectable()
export class KnowledgeRepository {
  constructor(
    @InjectRepository(KnowledgeBaseEntity) private readonly bases: Repository<KnowledgeBaseEntity>,
    @InjectRepository(KnowledgeDocumentEntity)
    private readonly documents: Repository<KnowledgeDocumentEntity>,
  ) {}

  createBase(fields: Partial<KnowledgeBaseEntity>): Promise<KnowledgeBaseEntity> {
    return this.bases.save(this.bases.create(fields));
  }

  saveBase(base: KnowledgeBaseEntity): Promise<KnowledgeBaseEntity> {
    return this.bases.save(base);
  }

  findBaseById(id: string): Promise<KnowledgeBaseEntity | null> {
    return this.bases.findOne({ where: { id } });
  }

  findBasesByIds(ids: string[]): Promise<KnowledgeBaseEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.bases.createQueryBuilder('kb').where('kb.id IN (:...ids)', { ids }).getMany();
  }

  /** `ownerId` null = every base (admins); else the user's own and the platform-wide ones. */
  listBasesVisibleTo(ownerId: string | null, query: PageQuery): Promise<Page<KnowledgeBaseEntity>> {
    const qb = this.bases.createQueryBuilder('kb').orderBy('kb.created_at', 'DESC').addOrderBy('kb.id');
    if (ownerId)
      qb.andWhere(
        new Brackets((w) => w.where('kb.owner_id = :ownerId', { ownerId }).orWhere('kb.owner_id IS NULL')),
      );
    return paginate(qb, query, (row) => row);
  }

  async deleteBase(id: string): Promise<void> {
    await this.bases.delete({ id });
  }

  async countsByBase(ids: string[]): Promise<Map<string, BaseCounts>> {
    const out = new Map<string, BaseCounts>(ids.map((id) => [id, { documents: 0, chunks: 0 }]));
    if (ids.length === 0) return out;
    const docs: Array<{ id: string; n: string }> = await this.documents.query(
      `SELECT knowledge_base_id AS id, count(*) AS n FROM knowledge_documents WHERE knowledge_base_id = ANY($1) GROUP BY 1`,
      [ids],
    );
    const chunks: Array<{ id: string; n: string }> = await this.documents.query(
      `SELECT knowledge_base_id AS id, count(*) AS n FROM knowledge_chunks WHERE knowledge_base_id = ANY($1) GROUP BY 1`,
      [ids],
    );
    for (const r of docs) out.get(r.id)!.documents = Number(r.n);
    for (const r of chunks) out.get(r.id)!.chunks = Number(r.n);
    return out;
  }

  countDocuments(knowledgeBaseId: string): Promise<number> {
    return this.documents.count({ where: { knowledgeBaseId } });
  }

  findDocumentByHash(knowledgeBaseId: string, contentHash: string): Promise<KnowledgeDocumentEntity | null> {
    return this.documents.findOne({ where: { knowledgeBaseId, contentHash } });
  }

  findDocument(knowledgeBaseId: string, id: string): Promise<KnowledgeDocumentEntity | null> {
    return this.documents.findOne({ where: { knowledgeBaseId, id } });
  }

  findDocumentById(id: string): Promise<KnowledgeDocumentEntity | null> {
    return this.documents.findOne({ where: { id } });
  }

  listDocuments(knowledgeBaseId: string, query: PageQuery): Promise<Page<KnowledgeDocumentEntity>> {
    const qb = this.documents
      .createQueryBuilder('d')
      .where('d.knowledge_base_id = :knowledgeBaseId', { knowledgeBaseId })
      .orderBy('d.created_at', 'DESC')
      .addOrderBy('d.id');
    return paginate(qb, query, (row) => row);
  }

  /** Documents a stopped process left unfinished, oldest first. */
  listUnfinishedDocumentIds(): Promise<string[]> {
    return this.documents
      .createQueryBuilder('d')
      .select('d.id', 'id')
      .where(`d.status IN ('queued', 'processing')`)
      .orderBy('d.created_at')
      .getRawMany<{ id: string }>()
      .then((rows) => rows.map((r) => r.id));
  }

  listDocumentIds(knowledgeBaseId: string): Promise<string[]> {
    return this.documents
      .find({ where: { knowledgeBaseId }, select: { id: true } })
      .then((rows) => rows.map((r) => r.id));
  }

  createDocument(fields: Partial<KnowledgeDocumentEntity>): Promise<KnowledgeDocumentEntity> {
    return this.documents.save(this.documents.create(fields));
  }

  async updateDocument(
    id: string,
    fields: Partial<
      Pick<
        KnowledgeDocumentEntity,
        'status' | 'chunksDone' | 'chunksTotal' | 'errorCode' | 'errorMessage' | 'storagePath'
      >
    >,
  ): Promise<void> {
    await this.documents.update({ id }, fields);
  }

  async markStatus(
    id: string,
    status: DocumentStatus,
    error?: { code: string; message: string },
  ): Promise<void> {
    await this.updateDocument(id, {
      status,
      errorCode: error?.code ?? null,
      errorMessage: error?.message ?? null,
    });
  }

  async deleteDocument(id: string): Promise<void> {
    await this.documents.delete({ id });
  }

  async deleteChunks(documentId: string): Promise<void> {
    await this.documents.query(`DELETE FROM knowledge_chunks WHERE document_id = $1`, [documentId]);
  }

  async insertChunks(knowledgeBaseId: string, documentId: string, rows: ChunkRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.documents.query(
      `INSERT INTO knowledge_chunks (knowledge_base_id, document_id, position, text, embedding)
       SELECT $1, $2, t.position, t.text, string_to_array(t.embedding, ',')::real[]
       FROM unnest($3::int[], $4::text[], $5::text[]) AS t(position, text, embedding)`,
      [
        knowledgeBaseId,
        documentId,
        rows.map((r) => r.position),
        rows.map((r) => r.text),
        rows.map((r) => r.embedding.join(',')),
      ],
    );
  }

  /**
   * The full-text arm of the hybrid search: chunks matching the plan's English tsquery (ORed
   * words, ranked by `ts_rank_cd`) or its CJK substrings (ranked by how many match), best
   * `limit` first, with their cosine to `embedding` as the score (at least `minScore`).
   */
  async searchText(
    filter: ChunkFilter,
    plan: TextQueryPlan,
    embedding: number[],
    limit: number,
    minScore: number,
  ): Promise<ScoredChunkRow[]> {
    if (!plan.tsquery && plan.substrings.length === 0) return [];
    const { where, params } = chunkFilterSql(filter, 6);
    const rows: Array<ScoredChunkRow & { score: string | number }> = await this.documents.query(
      `SELECT * FROM (
         SELECT c.knowledge_base_id AS "knowledgeBaseId", c.document_id AS "documentId", d.name AS "documentName",
                c.position, c.text,
                (SELECT sum(a * b) FROM unnest(c.embedding, $1::real[]) AS v(a, b)) AS score,
                (CASE WHEN $4::text IS NULL THEN 0 ELSE ts_rank_cd(c.tsv, to_tsquery('english', $4)) END)
                  + (SELECT count(*) FROM unnest($5::text[]) AS t(s) WHERE c.text LIKE '%' || t.s || '%') AS rank
         FROM knowledge_chunks c JOIN knowledge_documents d ON d.id = c.document_id
         WHERE ${where}
           AND (($4::text IS NOT NULL AND c.tsv @@ to_tsquery('english', $4))
                OR EXISTS (SELECT 1 FROM unnest($5::text[]) AS t(s) WHERE c.text LIKE '%' || t.s || '%'))
       ) s
       WHERE s.score >= $3
       ORDER BY s.rank DESC, s.score DESC, s."documentId", s.position
       LIMIT $2`,
      [`{${embedding.join(',')}}`, limit, minScore, plan.tsquery, plan.substrings.map(escapeLike), ...params],
    );
    return rows.map(({ rank: _rank, ...r }: ScoredChunkRow & { score: string | number; rank?: unknown }) => ({
      ...r,
      score: Number(r.score),
    }));
  }
}
