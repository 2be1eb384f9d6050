import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { DocumentStatus, Page, PageQuery } from '@agenthub/contracts';
import { Brackets, type Repository } from 'typeorm';
import { paginate } from '../common/pagination.util.js';
import { KnowledgeBaseEntity } from './knowledge-base.entity.js';
import { KnowledgeDocumentEntity } from './knowledge-document.entity.js';

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

/** Persistence of knowledge bases, documents and chunks (chunks only through raw SQL: `real[]`). */
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
   * The `limit` chunks of the bases most similar to `embedding` (vectors are unit length, so the
   * dot product is the cosine). A sequential scan of the bases' chunks: see README "Vector store".
   */
  async searchSimilar(
    knowledgeBaseIds: string[],
    embedding: number[],
    limit: number,
    minScore: number,
  ): Promise<ScoredChunkRow[]> {
    const rows: Array<ScoredChunkRow & { score: string | number }> = await this.documents.query(
      `SELECT * FROM (
         SELECT c.knowledge_base_id AS "knowledgeBaseId", c.document_id AS "documentId", d.name AS "documentName",
                c.position, c.text,
                (SELECT sum(a * b) FROM unnest(c.embedding, $2::real[]) AS v(a, b)) AS score
         FROM knowledge_chunks c JOIN knowledge_documents d ON d.id = c.document_id
         WHERE c.knowledge_base_id = ANY($1)
       ) s
       WHERE s.score >= $4
       ORDER BY s.score DESC, s."documentId", s.position
       LIMIT $3`,
      [knowledgeBaseIds, `{${embedding.join(',')}}`, limit, minScore],
    );
    return rows.map((r) => ({ ...r, score: Number(r.score) }));
  }
}
