import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Store: installs, ratings and per-user usage of agents, plus the search indexes on `agents`.
 *
 * Search combines three things because none is enough alone: English full-text search (stems
 * "translating" to "translate"), pg_trgm substring matching (Postgres FTS does not segment
 * Chinese, so 客服 must be found inside 智能客服助手 by ILIKE) and pg_trgm word similarity
 * (typos such as "custmer"). Index expressions must be immutable; `array_to_string` is only
 * stable, hence the small SQL wrappers below, which queries must call exactly as indexed.
 */
export class Store1795300000500 implements MigrationInterface {
  name = 'Store1795300000500';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    // PostgreSQL 17+ builds indexes with search_path = pg_catalog, pg_temp, so a function that
    // an indexed function calls must be schema-qualified (the embedded server is PostgreSQL 18).
    const [{ schema }] = (await q.query(`SELECT quote_ident(current_schema()) AS schema`)) as Array<{
      schema: string;
    }>;

    await q.query(`
      CREATE FUNCTION store_tags_text(tags text[]) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$ SELECT coalesce(array_to_string(tags, ' '), '') $$`);
    // Tag filters are case-insensitive (`FAQ` finds agents tagged `faq`) and still indexed.
    await q.query(`
      CREATE FUNCTION store_tags_lower(tags text[]) RETURNS text[]
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$ SELECT coalesce(array_agg(lower(t)), ARRAY[]::text[]) FROM unnest(tags) AS t $$`);
    await q.query(`
      CREATE FUNCTION store_name_text(name text, name_zh text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$ SELECT name || ' ' || coalesce(name_zh, '') $$`);
    await q.query(`
      CREATE FUNCTION store_description_text(description text, description_zh text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$ SELECT description || ' ' || coalesce(description_zh, '') $$`);
    // Weighted so that ts_rank puts name hits (A) above tag (B) and description (C) hits.
    await q.query(`
      CREATE FUNCTION store_search_document(name text, description text, tags text[]) RETURNS tsvector
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$
          SELECT setweight(to_tsvector('english'::regconfig, name), 'A')
              || setweight(to_tsvector('english'::regconfig, ${schema}.store_tags_text(tags)), 'B')
              || setweight(to_tsvector('english'::regconfig, description), 'C')
        $$`);

    await q.query(
      `CREATE INDEX agents_store_name_trgm_idx ON agents USING gin (store_name_text(name, name_zh) gin_trgm_ops)`,
    );
    await q.query(
      `CREATE INDEX agents_store_description_trgm_idx ON agents
         USING gin (store_description_text(description, description_zh) gin_trgm_ops)`,
    );
    await q.query(
      `CREATE INDEX agents_store_tags_trgm_idx ON agents USING gin (store_tags_text(tags) gin_trgm_ops)`,
    );
    await q.query(`CREATE INDEX agents_store_tags_lower_idx ON agents USING gin (store_tags_lower(tags))`);
    await q.query(
      `CREATE INDEX agents_store_fts_idx ON agents USING gin (store_search_document(name, description, tags))`,
    );
    // The default listings (no query) read the top of these in order and stop after a page.
    await q.query(`
      CREATE INDEX agents_store_popular_idx ON agents (install_count DESC, id)
        WHERE status = 'published' AND deleted_at IS NULL`);
    await q.query(`
      CREATE INDEX agents_store_newest_idx ON agents (published_at DESC, id)
        WHERE status = 'published' AND deleted_at IS NULL`);

    await q.query(`
      CREATE TABLE agent_installs (
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        agent_id uuid NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
        installed_at timestamptz NOT NULL DEFAULT now(),
        -- Uses since this install (agent_usage keeps the lifetime figures).
        use_count integer NOT NULL DEFAULT 0,
        last_used_at timestamptz,
        PRIMARY KEY (user_id, agent_id),
        CONSTRAINT agent_installs_use_count_nonnegative CHECK (use_count >= 0)
      )`);
    await q.query(`CREATE INDEX agent_installs_agent_idx ON agent_installs (agent_id)`);
    await q.query(
      `CREATE INDEX agent_installs_user_recent_idx ON agent_installs (user_id, installed_at DESC)`,
    );

    await q.query(`
      CREATE TABLE agent_ratings (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        agent_id uuid NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
        score smallint NOT NULL,
        review text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT agent_ratings_score_range CHECK (score BETWEEN 1 AND 5),
        CONSTRAINT agent_ratings_review_length CHECK (review IS NULL OR char_length(review) <= 2000)
      )`);
    await q.query(`CREATE UNIQUE INDEX agent_ratings_user_agent_uq ON agent_ratings (user_id, agent_id)`);
    await q.query(
      `CREATE INDEX agent_ratings_agent_recent_idx ON agent_ratings (agent_id, updated_at DESC, id)`,
    );

    await q.query(`
      CREATE TABLE agent_usage (
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        agent_id uuid NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
        first_used_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz NOT NULL DEFAULT now(),
        use_count integer NOT NULL DEFAULT 1,
        PRIMARY KEY (user_id, agent_id),
        CONSTRAINT agent_usage_use_count_positive CHECK (use_count > 0)
      )`);
    await q.query(`CREATE INDEX agent_usage_agent_idx ON agent_usage (agent_id)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE agent_usage`);
    await q.query(`DROP TABLE agent_ratings`);
    await q.query(`DROP TABLE agent_installs`);
    await q.query(`DROP INDEX agents_store_newest_idx`);
    await q.query(`DROP INDEX agents_store_popular_idx`);
    await q.query(`DROP INDEX agents_store_fts_idx`);
    await q.query(`DROP INDEX agents_store_tags_lower_idx`);
    await q.query(`DROP INDEX agents_store_tags_trgm_idx`);
    await q.query(`DROP INDEX agents_store_description_trgm_idx`);
    await q.query(`DROP INDEX agents_store_name_trgm_idx`);
    await q.query(`DROP FUNCTION store_search_document(text, text, text[])`);
    await q.query(`DROP FUNCTION store_description_text(text, text)`);
    await q.query(`DROP FUNCTION store_name_text(text, text)`);
    await q.query(`DROP FUNCTION store_tags_lower(text[])`);
    await q.query(`DROP FUNCTION store_tags_text(text[])`);
    // Left installed on purpose: dropping an extension other objects may have come to rely on
    // would fail (or cascade); an unused pg_trgm costs nothing.
  }
}
