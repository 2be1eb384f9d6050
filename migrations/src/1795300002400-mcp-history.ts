import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * MCP history for the admin console: `mcp_health_checks` (each health verdict with its latency;
 * the newest 50 per server are kept) and `mcp_tool_calls` (each tool call's outcome and
 * duration; the newest 1,000 per server and tool are kept). Both go with their server.
 */
export class McpHistory1795300002400 implements MigrationInterface {
  name = 'McpHistory1795300002400';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE mcp_health_checks (
        id bigserial PRIMARY KEY,
        server_id uuid NOT NULL REFERENCES mcp_servers (id) ON DELETE CASCADE,
        ok boolean NOT NULL,
        latency_ms integer NOT NULL,
        error text,
        checked_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX mcp_health_checks_server_idx ON mcp_health_checks (server_id, id DESC)`);
    await q.query(`
      CREATE TABLE mcp_tool_calls (
        id bigserial PRIMARY KEY,
        server_id uuid NOT NULL REFERENCES mcp_servers (id) ON DELETE CASCADE,
        tool_name text NOT NULL,
        ok boolean NOT NULL,
        duration_ms integer NOT NULL,
        called_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX mcp_tool_calls_server_tool_idx ON mcp_tool_calls (server_id, tool_name, id DESC)`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE mcp_tool_calls`);
    await q.query(`DROP TABLE mcp_health_checks`);
  }
}
