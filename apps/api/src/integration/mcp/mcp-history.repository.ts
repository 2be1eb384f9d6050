import { Injectable } from '@nestjs/common';
import {
  MCP_HEALTH_HISTORY_SIZE,
  MCP_TOOL_CALLS_KEPT,
  type McpHealthCheck,
  type McpToolStat,
} from '@agenthub/contracts';
import { DataSource } from 'typeorm';

/**
 * `mcp_health_checks` and `mcp_tool_calls`: append-only history with a count-based retention
 * applied on every insert (the newest MCP_HEALTH_HISTORY_SIZE checks per server, the newest
 * MCP_TOOL_CALLS_KEPT calls per server and tool), so neither table grows without bound.
 */
@Injectable()
export class McpHistoryRepository {
  constructor(private readonly dataSource: DataSource) {}

  async recordHealthCheck(
    serverId: string,
    ok: boolean,
    latencyMs: number,
    error: string | null,
  ): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO mcp_health_checks (server_id, ok, latency_ms, error) VALUES ($1, $2, $3, $4)`,
      [serverId, ok, Math.max(0, Math.round(latencyMs)), error],
    );
    await this.dataSource.query(
      `DELETE FROM mcp_health_checks WHERE server_id = $1 AND id <= (
         SELECT id FROM mcp_health_checks WHERE server_id = $1 ORDER BY id DESC OFFSET $2 LIMIT 1)`,
      [serverId, MCP_HEALTH_HISTORY_SIZE],
    );
  }

  async recordToolCall(serverId: string, tool: string, ok: boolean, durationMs: number): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO mcp_tool_calls (server_id, tool_name, ok, duration_ms) VALUES ($1, $2, $3, $4)`,
      [serverId, tool, ok, Math.max(0, Math.round(durationMs))],
    );
    await this.dataSource.query(
      `DELETE FROM mcp_tool_calls WHERE server_id = $1 AND tool_name = $2 AND id <= (
         SELECT id FROM mcp_tool_calls WHERE server_id = $1 AND tool_name = $2 ORDER BY id DESC OFFSET $3 LIMIT 1)`,
      [serverId, tool, MCP_TOOL_CALLS_KEPT],
    );
  }

  /** Newest first. */
  async healthChecks(serverId: string): Promise<McpHealthCheck[]> {
    const rows: Array<{ ok: boolean; latency_ms: number; error: string | null; checked_at: Date }> =
      await this.dataSource.query(
        `SELECT ok, latency_ms, error, checked_at FROM mcp_health_checks
          WHERE server_id = $1 ORDER BY id DESC LIMIT $2`,
        [serverId, MCP_HEALTH_HISTORY_SIZE],
      );
    return rows.map((r) => ({
      ok: r.ok,
      latencyMs: r.latency_ms,
      error: r.error,
      checkedAt: r.checked_at.toISOString(),
    }));
  }

  /** Per tool, by name: calls, errors and the median duration of the kept calls. */
  async toolStats(serverId: string): Promise<McpToolStat[]> {
    const rows: Array<{ tool: string; calls: number; errors: number; p50: number; last: Date }> =
      await this.dataSource.query(
        `SELECT tool_name AS tool, count(*)::int AS calls, count(*) FILTER (WHERE NOT ok)::int AS errors,
                round(percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms))::int AS p50,
                max(called_at) AS last
           FROM mcp_tool_calls WHERE server_id = $1 GROUP BY tool_name ORDER BY tool_name`,
        [serverId],
      );
    return rows.map((r) => ({
      tool: r.tool,
      calls: r.calls,
      errors: r.errors,
      p50DurationMs: r.p50,
      lastCalledAt: r.last.toISOString(),
    }));
  }
}
