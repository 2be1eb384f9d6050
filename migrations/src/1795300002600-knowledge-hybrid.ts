import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Knowledge bases, second step: hybrid retrieval and stored originals.
 * - `knowledge_bases.hybrid_weight`: weight of the full-text list in the reciprocal rank fusion
 *   (0 = vector only, 1 = full text only).
 * - `knowledge_documents.tags`: metadata filter of a search.
 * - `knowledge_chunks.tsv`: English full-text vector (GIN), plus a trigram index on the text for
 *   Chinese/Japanese/Korean, which Postgres FTS does not segment (matched as substrings, as the
 *   store search does).
 * - `knowledge_files`: the originals in the database (bytea) for distributed mode, where the
 *   API and the workers do not share a DATA_DIR.
 * - `storage_path` becomes a file-store key (`<baseId>/<docId>.<format>`, under DATA_DIR/knowledge
 *   in embedded mode): the `knowledge/` prefix goes.
 */
export class KnowledgeHybrid1795300002600 implements MigrationInterface {
  name = 'KnowledgeHybrid1795300002600';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(
      `ALTER TABLE knowledge_bases ADD COLUMN hybrid_weight double precision NOT NULL DEFAULT 0.3`,
    );
    await q.query(`ALTER TABLE knowledge_documents ADD COLUMN tags text[] NOT NULL DEFAULT '{}'`);
    await q.query(
      `ALTER TABLE knowledge_chunks ADD COLUMN tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED`,
    );
    await q.query(`CREATE INDEX knowledge_chunks_tsv_idx ON knowledge_chunks USING gin (tsv)`);
    await q.query(`CREATE INDEX knowledge_chunks_trgm_idx ON knowledge_chunks USING gin (text gin_trgm_ops)`);
    await q.query(`
      CREATE TABLE knowledge_files (
        key text PRIMARY KEY,
        bytes bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `UPDATE knowledge_documents SET storage_path = substr(storage_path, 11) WHERE storage_path LIKE 'knowledge/%'`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE knowledge_documents SET storage_path = 'knowledge/' || storage_path WHERE storage_path IS NOT NULL`,
    );
    await q.query(`DROP TABLE knowledge_files`);
    await q.query(`DROP INDEX knowledge_chunks_trgm_idx`);
    await q.query(`DROP INDEX knowledge_chunks_tsv_idx`);
    await q.query(`ALTER TABLE knowledge_chunks DROP COLUMN tsv`);
    await q.query(`ALTER TABLE knowledge_documents DROP COLUMN tags`);
    await q.query(`ALTER TABLE knowledge_bases DROP COLUMN hybrid_weight`);
  }
}
