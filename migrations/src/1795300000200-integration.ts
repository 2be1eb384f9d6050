import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Integration: providers, service configs (secrets encrypted inside config_data), MCP servers and
 * their tools. Seed rows are written at boot by the API (idempotent upserts), not here, so the
 * built-in provider schemas can evolve with the code.
 */
export class Integration1795300000200 implements MigrationInterface {
  name = 'Integration1795300000200';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE providers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug text NOT NULL,
        service_type text NOT NULL,
        kind text NOT NULL,
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        config_schema jsonb NOT NULL,
        auth_type text NOT NULL DEFAULT 'none',
        builtin boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX providers_slug_uq ON providers (slug)`);
    await q.query(`CREATE INDEX providers_service_type_idx ON providers (service_type)`);

    await q.query(`
      CREATE TABLE service_configs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        provider_id uuid NOT NULL REFERENCES providers (id) ON DELETE RESTRICT,
        service_type text NOT NULL,
        owner_id uuid REFERENCES users (id) ON DELETE CASCADE,
        name text NOT NULL,
        config_data jsonb NOT NULL DEFAULT '{}'::jsonb,
        pricing_config jsonb,
        limits_config jsonb,
        is_default boolean NOT NULL DEFAULT false,
        validation_status text NOT NULL DEFAULT 'unknown',
        validation_error text,
        validated_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT service_configs_default_is_platform CHECK (NOT is_default OR owner_id IS NULL),
        CONSTRAINT service_configs_validation_status_known
          CHECK (validation_status IN ('valid', 'invalid', 'unknown'))
      )`);
    // One default per service type, enforced by the database even under concurrent switches.
    await q.query(
      `CREATE UNIQUE INDEX service_configs_one_default_uq ON service_configs (service_type) WHERE is_default`,
    );
    await q.query(`CREATE INDEX service_configs_owner_idx ON service_configs (owner_id)`);
    await q.query(`CREATE INDEX service_configs_provider_idx ON service_configs (provider_id)`);

    await q.query(`
      CREATE TABLE mcp_servers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        url text NOT NULL,
        transport text NOT NULL DEFAULT 'streamable_http',
        headers jsonb NOT NULL DEFAULT '{}'::jsonb,
        owner_id uuid REFERENCES users (id) ON DELETE CASCADE,
        status text NOT NULL DEFAULT 'unknown',
        last_health_check timestamptz,
        last_error text,
        tools_refreshed_at timestamptz,
        calls_total bigint NOT NULL DEFAULT 0,
        calls_succeeded bigint NOT NULL DEFAULT 0,
        avg_latency_ms double precision NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT mcp_servers_transport_known CHECK (transport IN ('streamable_http', 'sse')),
        CONSTRAINT mcp_servers_status_known CHECK (status IN ('healthy', 'unhealthy', 'unknown'))
      )`);
    await q.query(`CREATE UNIQUE INDEX mcp_servers_name_uq ON mcp_servers (name)`);
    await q.query(`CREATE INDEX mcp_servers_owner_idx ON mcp_servers (owner_id)`);

    await q.query(`
      CREATE TABLE mcp_tools (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        server_id uuid NOT NULL REFERENCES mcp_servers (id) ON DELETE CASCADE,
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        input_schema jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX mcp_tools_server_name_uq ON mcp_tools (server_id, name)`);
    await q.query(`CREATE INDEX mcp_tools_name_idx ON mcp_tools (lower(name))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE mcp_tools`);
    await q.query(`DROP TABLE mcp_servers`);
    await q.query(`DROP TABLE service_configs`);
    await q.query(`DROP TABLE providers`);
  }
}
