import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CatalogUsageRegistry } from '../catalog/catalog-usage.registry.js';
import { AgentRepository } from './agent.repository.js';
import { AgentVersionRepository } from './agent-version.repository.js';

/**
 * Tells the catalog where its node types and templates are used by agents, so it can refuse
 * deleting a node type in use and report template usage, without importing this module.
 */
@Injectable()
export class AgentCatalogUsageRegistration implements OnModuleInit {
  constructor(
    private readonly registry: CatalogUsageRegistry,
    private readonly dataSource: DataSource,
    private readonly agents: AgentRepository,
    private readonly versions: AgentVersionRepository,
  ) {}

  onModuleInit(): void {
    const registry = this.registry;
    registry.registerNodeTypeUsage(async (typeName) =>
      (await this.versions.usingNodeType(typeName)).map((v) => ({
        kind: 'agent_version',
        id: v.id,
        name: v.name,
        agentId: v.agentId,
      })),
    );
    registry.registerTemplateUsage(async (templateId) => ({
      agents: await this.agents.countActiveFromTemplate(templateId),
      chats: await this.chatsThroughTemplate(templateId),
    }));
  }

  /** Chats arrive with a later module: counted only once its table exists. */
  private async chatsThroughTemplate(templateId: string): Promise<number> {
    const [{ exists }] = await this.dataSource.query(
      `SELECT to_regclass('public.chats') IS NOT NULL AS exists`,
    );
    if (!exists) return 0;
    const [{ count }] = await this.dataSource.query(
      `SELECT count(*)::int AS count FROM chats c JOIN agents a ON a.id = c.agent_id WHERE a.template_id = $1`,
      [templateId],
    );
    return count;
  }
}
