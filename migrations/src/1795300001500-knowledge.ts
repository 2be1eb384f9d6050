import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Knowledge bases (RAG): bases, their documents (ingestion status and progress per document,
 * content hash unique per base so a duplicate upload is refused) and the embedded chunks.
 * Embeddings are `real[]` (no pgvector here: neither Debian's PostgreSQL 15 nor the embedded one
 * ships it); the similarity is computed in SQL over the searched bases' chunks.
 */
export class Knowledge1795300001500 implements MigrationInterface {
  name = 'Knowledge1795300001500';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE knowledge_bases (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_id uuid REFERENCES users (id) ON DELETE CASCADE,
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        embedding_config_id uuid,
        embedding_model text NOT NULL,
        embedding_dimensions integer NOT NULL DEFAULT 0,
        chunk_size integer NOT NULL,
        chunk_overlap integer NOT NULL,
        top_k integer NOT NULL,
        score_threshold double precision NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX knowledge_bases_owner_idx ON knowledge_bases (owner_id, created_at DESC)`);
    await q.query(`
      CREATE TABLE knowledge_documents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        knowledge_base_id uuid NOT NULL REFERENCES knowledge_bases (id) ON DELETE CASCADE,
        name text NOT NULL,
        source text NOT NULL,
        mime_type text NOT NULL,
        size_bytes integer NOT NULL,
        content_hash text NOT NULL,
        storage_path text,
        url text,
        status text NOT NULL DEFAULT 'queued',
        chunks_done integer NOT NULL DEFAULT 0,
        chunks_total integer NOT NULL DEFAULT 0,
        error_code text,
        error_message text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT knowledge_documents_source_known CHECK (source IN ('text', 'file', 'url')),
        CONSTRAINT knowledge_documents_status_known CHECK (status IN ('queued', 'processing', 'indexed', 'failed')),
        CONSTRAINT knowledge_documents_hash_uq UNIQUE (knowledge_base_id, content_hash)
      )`);
    await q.query(`
      CREATE TABLE knowledge_chunks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        knowledge_base_id uuid NOT NULL REFERENCES knowledge_bases (id) ON DELETE CASCADE,
        document_id uuid NOT NULL REFERENCES knowledge_documents (id) ON DELETE CASCADE,
        position integer NOT NULL,
        text text NOT NULL,
        embedding real[] NOT NULL,
        CONSTRAINT knowledge_chunks_position_uq UNIQUE (document_id, position)
      )`);
    await q.query(`CREATE INDEX knowledge_chunks_base_idx ON knowledge_chunks (knowledge_base_id)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE knowledge_chunks`);
    await q.query(`DROP TABLE knowledge_documents`);
    await q.query(`DROP TABLE knowledge_bases`);
  }
}
