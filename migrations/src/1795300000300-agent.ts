import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Agents: the category tree, agents and their versions. A version holds either an inline
 * workflow or a template snapshot (never both, never neither — also enforced here, so no code
 * path can store an ambiguous version). The draft is the only version without a semver, and an
 * agent has at most one draft.
 */
export class Agent1795300000300 implements MigrationInterface {
  name = 'Agent1795300000300';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE agent_categories (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        parent_id uuid REFERENCES agent_categories (id) ON DELETE RESTRICT,
        slug text NOT NULL,
        name text NOT NULL,
        name_zh text,
        sort integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT agent_categories_not_own_parent CHECK (parent_id IS NULL OR parent_id <> id)
      )`);
    await q.query(`CREATE UNIQUE INDEX agent_categories_slug_uq ON agent_categories (slug)`);
    await q.query(`CREATE INDEX agent_categories_parent_idx ON agent_categories (parent_id)`);

    await q.query(`
      CREATE TABLE agents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_id uuid NOT NULL REFERENCES users (id) ON DELETE RESTRICT,
        slug text NOT NULL,
        name text NOT NULL,
        name_zh text,
        description text NOT NULL DEFAULT '',
        description_zh text,
        icon text,
        category_id uuid REFERENCES agent_categories (id) ON DELETE RESTRICT,
        tags text[] NOT NULL DEFAULT ARRAY[]::text[],
        status text NOT NULL DEFAULT 'draft',
        install_count integer NOT NULL DEFAULT 0,
        rating_avg double precision NOT NULL DEFAULT 0,
        rating_count integer NOT NULL DEFAULT 0,
        latest_version text,
        current_version_id uuid,
        template_id uuid,
        published_at timestamptz,
        archived_at timestamptz,
        deleted_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT agents_status_known
          CHECK (status IN ('draft', 'pending_review', 'published', 'rejected', 'archived'))
      )`);
    // Soft-deleted agents keep their row (chats and audit entries point at it) but free the slug.
    await q.query(`CREATE UNIQUE INDEX agents_slug_uq ON agents (slug) WHERE deleted_at IS NULL`);
    await q.query(`CREATE INDEX agents_owner_idx ON agents (owner_id, created_at DESC)`);
    await q.query(`CREATE INDEX agents_category_idx ON agents (category_id)`);
    await q.query(`CREATE INDEX agents_status_idx ON agents (status) WHERE deleted_at IS NULL`);
    await q.query(`CREATE INDEX agents_template_idx ON agents (template_id) WHERE template_id IS NOT NULL`);
    await q.query(`CREATE INDEX agents_tags_idx ON agents USING gin (tags)`);

    await q.query(`
      CREATE TABLE agent_versions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agent_id uuid NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
        version text,
        workflow_definition jsonb,
        workflow_template_id uuid,
        template_parameters jsonb,
        template_version integer,
        resolved_definition jsonb,
        service_dependencies jsonb NOT NULL DEFAULT '{}'::jsonb,
        model_params_override jsonb NOT NULL DEFAULT '{}'::jsonb,
        system_prompt text,
        tool_dependencies text[] NOT NULL DEFAULT ARRAY[]::text[],
        rag_enabled boolean NOT NULL DEFAULT false,
        step_limit integer,
        changelog text,
        review_status text NOT NULL DEFAULT 'draft',
        review_notes text,
        review_reasons jsonb NOT NULL DEFAULT '[]'::jsonb,
        auto_checked_at timestamptz,
        submitted_at timestamptz,
        reviewed_by uuid REFERENCES users (id) ON DELETE SET NULL,
        reviewed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT agent_versions_review_status_known
          CHECK (review_status IN ('draft', 'pending_review', 'published', 'rejected')),
        CONSTRAINT agent_versions_one_workflow_source
          CHECK ((workflow_definition IS NOT NULL) <> (workflow_template_id IS NOT NULL)),
        CONSTRAINT agent_versions_template_snapshot_complete
          CHECK (workflow_template_id IS NULL
                 OR (template_parameters IS NOT NULL AND template_version IS NOT NULL)),
        CONSTRAINT agent_versions_semver_iff_submitted
          CHECK ((version IS NULL) = (review_status = 'draft')),
        CONSTRAINT agent_versions_step_limit_positive CHECK (step_limit IS NULL OR step_limit > 0)
      )`);
    await q.query(
      `CREATE UNIQUE INDEX agent_versions_version_uq ON agent_versions (agent_id, version) WHERE version IS NOT NULL`,
    );
    await q.query(
      `CREATE UNIQUE INDEX agent_versions_one_draft_uq ON agent_versions (agent_id) WHERE review_status = 'draft'`,
    );
    await q.query(
      `CREATE INDEX agent_versions_pending_idx ON agent_versions (submitted_at) WHERE review_status = 'pending_review'`,
    );
    await q.query(
      `CREATE INDEX agent_versions_template_idx ON agent_versions (workflow_template_id) WHERE workflow_template_id IS NOT NULL`,
    );
    // Node-type usage ("which versions use type X") is a containment query on the definition.
    await q.query(
      `CREATE INDEX agent_versions_resolved_definition_idx ON agent_versions USING gin (resolved_definition jsonb_path_ops)`,
    );

    // Defence in depth for "published versions are immutable": whatever code path tries, the
    // content of a submitted version cannot change (review fields still can).
    await q.query(`
      CREATE FUNCTION agent_versions_freeze_submitted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.review_status <> 'draft' AND (
             NEW.version IS DISTINCT FROM OLD.version
          OR NEW.workflow_definition IS DISTINCT FROM OLD.workflow_definition
          OR NEW.workflow_template_id IS DISTINCT FROM OLD.workflow_template_id
          OR NEW.template_parameters IS DISTINCT FROM OLD.template_parameters
          OR NEW.template_version IS DISTINCT FROM OLD.template_version
          OR NEW.resolved_definition IS DISTINCT FROM OLD.resolved_definition
          OR NEW.service_dependencies IS DISTINCT FROM OLD.service_dependencies
          OR NEW.model_params_override IS DISTINCT FROM OLD.model_params_override
          OR NEW.system_prompt IS DISTINCT FROM OLD.system_prompt
          OR NEW.tool_dependencies IS DISTINCT FROM OLD.tool_dependencies
          OR NEW.rag_enabled IS DISTINCT FROM OLD.rag_enabled
          OR NEW.step_limit IS DISTINCT FROM OLD.step_limit
          OR NEW.review_status = 'draft') THEN
          RAISE EXCEPTION 'agent version % is immutable', OLD.id USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER agent_versions_freeze_submitted BEFORE UPDATE ON agent_versions
        FOR EACH ROW EXECUTE FUNCTION agent_versions_freeze_submitted()`);

    await q.query(`
      ALTER TABLE agents ADD CONSTRAINT agents_current_version_fk
        FOREIGN KEY (current_version_id) REFERENCES agent_versions (id) ON DELETE SET NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agents DROP CONSTRAINT agents_current_version_fk`);
    await q.query(`DROP TABLE agent_versions`);
    await q.query(`DROP FUNCTION agent_versions_freeze_submitted()`);
    await q.query(`DROP TABLE agents`);
    await q.query(`DROP TABLE agent_categories`);
  }
}
