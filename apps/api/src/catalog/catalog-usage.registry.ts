import { Injectable } from '@nestjs/common';

/** Where a node type is used, as listed in a 409 `node_type_in_use`. */
export interface NodeTypeUsage {
  /** e.g. `workflow_template`, `agent_version`. */
  kind: string;
  id: string;
  name: string;
  /** For an agent version: the agent it belongs to (the console links to it). */
  agentId?: string;
}

export interface TemplateUsage {
  agents: number;
  chats: number;
}

export type NodeTypeUsageLookup = (typeName: string) => Promise<NodeTypeUsage[]>;
export type TemplateUsageLookup = (templateId: string) => Promise<TemplateUsage>;

/**
 * Lets modules that depend on the catalog (agents keep versions that use node types and
 * templates) report their usage without the catalog importing them: no module cycle. They
 * register a lookup at init; the catalog calls every registered lookup.
 */
@Injectable()
export class CatalogUsageRegistry {
  private readonly nodeTypeLookups: NodeTypeUsageLookup[] = [];
  private readonly templateLookups: TemplateUsageLookup[] = [];

  registerNodeTypeUsage(fn: NodeTypeUsageLookup): void {
    this.nodeTypeLookups.push(fn);
  }

  registerTemplateUsage(fn: TemplateUsageLookup): void {
    this.templateLookups.push(fn);
  }

  async nodeTypeUsages(typeName: string): Promise<NodeTypeUsage[]> {
    const lists = await Promise.all(this.nodeTypeLookups.map((fn) => fn(typeName)));
    return lists.flat();
  }

  async templateUsage(templateId: string): Promise<TemplateUsage> {
    const all = await Promise.all(this.templateLookups.map((fn) => fn(templateId)));
    return all.reduce((sum, u) => ({ agents: sum.agents + u.agents, chats: sum.chats + u.chats }), {
      agents: 0,
      chats: 0,
    });
  }
}
