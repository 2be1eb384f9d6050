import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Catalog: node types, workflow templates with their node/edge index tables (rewritten from the
 * definition in the same transaction as every template write, so "templates using node type X"
 * is a query), template revisions (agents created from version N can re-instantiate exactly that
 * version after the template moved on), and the seed log that makes boot seeding run once per
 * seed key (an admin's deletion of a seeded template is not undone at the next boot).
 */
export class Catalog1795300000100 implements MigrationInterface {
  name = 'Catalog1795300000100';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE node_types (
        type_name text PRIMARY KEY,
        kind text NOT NULL,
        display_name text NOT NULL,
        description text NOT NULL DEFAULT '',
        category text NOT NULL DEFAULT 'general',
        tags text[] NOT NULL DEFAULT ARRAY[]::text[],
        icon text,
        input_schema jsonb NOT NULL,
        output_schema jsonb NOT NULL DEFAULT '{}'::jsonb,
        required_services text[] NOT NULL DEFAULT ARRAY[]::text[],
        default_config jsonb NOT NULL DEFAULT '{}'::jsonb,
        builtin boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX node_types_category_idx ON node_types (category)`);

    await q.query(`
      CREATE TABLE workflow_templates (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        key text NOT NULL,
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        category text NOT NULL DEFAULT 'general',
        tags text[] NOT NULL DEFAULT ARRAY[]::text[],
        definition jsonb NOT NULL,
        parameter_schema jsonb NOT NULL,
        version integer NOT NULL DEFAULT 1,
        status text NOT NULL DEFAULT 'draft',
        usage_count integer NOT NULL DEFAULT 0,
        rating numeric(3,2),
        complexity text NOT NULL,
        node_count integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT workflow_templates_status_known CHECK (status IN ('active', 'deprecated', 'draft')),
        CONSTRAINT workflow_templates_complexity_known CHECK (complexity IN ('simple', 'medium', 'complex'))
      )`);
    await q.query(`CREATE UNIQUE INDEX workflow_templates_key_uq ON workflow_templates (key)`);
    await q.query(
      `CREATE INDEX workflow_templates_status_idx ON workflow_templates (status, usage_count DESC)`,
    );
    await q.query(`CREATE INDEX workflow_templates_category_idx ON workflow_templates (category)`);

    await q.query(`
      CREATE TABLE workflow_template_nodes (
        template_id uuid NOT NULL REFERENCES workflow_templates (id) ON DELETE CASCADE,
        node_id text NOT NULL,
        node_type text NOT NULL,
        PRIMARY KEY (template_id, node_id)
      )`);
    await q.query(`CREATE INDEX workflow_template_nodes_type_idx ON workflow_template_nodes (node_type)`);

    await q.query(`
      CREATE TABLE workflow_template_edges (
        id bigserial PRIMARY KEY,
        template_id uuid NOT NULL REFERENCES workflow_templates (id) ON DELETE CASCADE,
        from_node text NOT NULL,
        to_node text NOT NULL,
        edge_type text NOT NULL,
        label text,
        CONSTRAINT workflow_template_edges_type_known CHECK (edge_type IN ('normal', 'conditional', 'fanout'))
      )`);
    await q.query(
      `CREATE INDEX workflow_template_edges_template_idx ON workflow_template_edges (template_id)`,
    );

    await q.query(`
      CREATE TABLE workflow_template_revisions (
        template_id uuid NOT NULL REFERENCES workflow_templates (id) ON DELETE CASCADE,
        version integer NOT NULL,
        definition jsonb NOT NULL,
        parameter_schema jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (template_id, version)
      )`);

    await q.query(`
      CREATE TABLE catalog_seeds (
        seed_key text PRIMARY KEY,
        seeded_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE catalog_seeds`);
    await q.query(`DROP TABLE workflow_template_revisions`);
    await q.query(`DROP TABLE workflow_template_edges`);
    await q.query(`DROP TABLE workflow_template_nodes`);
    await q.query(`DROP TABLE workflow_templates`);
    await q.query(`DROP TABLE node_types`);
  }
}
