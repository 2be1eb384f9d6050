import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { McpServerService } from '../../integration/mcp/mcp-server.service.js';
import { ServiceConfigResolver } from '../../integration/service-configs/service-config-resolver.service.js';
import { type McpServerRef, PlatformResources, type ServiceConfigRef } from './agent.ports.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Service configs and MCP servers/tools for workflow validation (the integration module's
 * tables, read-only: which exist, whose they are, which tools were listed) and the review's
 * "nothing personal exposed to other users" checks (the integration module's own rules).
 */
@Injectable()
export class IntegrationPlatformResources extends PlatformResources {
  constructor(
    private readonly dataSource: DataSource,
    private readonly configs: ServiceConfigResolver,
    private readonly mcpServers: McpServerService,
  ) {
    super();
  }

  async findServiceConfigs(ids: readonly string[]): Promise<ServiceConfigRef[]> {
    const valid = [...new Set(ids.filter((id) => UUID.test(id)))];
    if (valid.length === 0) return [];
    const rows: Array<{ id: string; owner_id: string | null; service_type: string }> =
      await this.dataSource.query(
        `SELECT id, owner_id, service_type FROM service_configs WHERE id = ANY($1::uuid[])`,
        [valid],
      );
    return rows.map((r) => ({ id: r.id, ownerId: r.owner_id, serviceType: r.service_type }));
  }

  async checkConfigsUsableByEveryone(
    ids: readonly string[],
  ): Promise<Array<{ ref: string; problem: string }>> {
    const problems = await this.configs.checkUsableByEveryone([...ids]);
    return problems.map((p) => ({ ref: p.configId, problem: p.problem }));
  }

  async checkMcpServersUsableByEveryone(
    refs: readonly string[],
  ): Promise<Array<{ ref: string; problem: string }>> {
    const problems = await this.mcpServers.checkUsableByEveryone([...refs]);
    return problems.map((p) => ({ ref: p.server, problem: p.problem }));
  }

  async findMcpServers(namesOrIds: readonly string[]): Promise<McpServerRef[]> {
    const wanted = [...new Set(namesOrIds)];
    if (wanted.length === 0) return [];
    const ids = wanted.filter((v) => UUID.test(v));
    const rows: Array<{
      id: string;
      name: string;
      owner_id: string | null;
      tools_refreshed_at: Date | null;
      tools: string[] | null;
    }> = await this.dataSource.query(
      `SELECT s.id, s.name, s.owner_id, s.tools_refreshed_at,
                array_remove(array_agg(t.name), NULL) AS tools
           FROM mcp_servers s LEFT JOIN mcp_tools t ON t.server_id = s.id
          WHERE s.name = ANY($1::text[]) OR s.id = ANY($2::uuid[])
          GROUP BY s.id`,
      [wanted, ids],
    );
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      ownerId: r.owner_id,
      tools: r.tools_refreshed_at || (r.tools && r.tools.length > 0) ? (r.tools ?? []) : null,
    }));
  }
}
