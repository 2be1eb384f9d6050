import { Injectable } from '@nestjs/common';
import type { WorkflowIssue, WorkflowValidationResult } from '@agenthub/contracts';
import { validateWorkflow } from '@agenthub/engine';
import { serviceReferences, toolReferences } from './domain/workflow-references.util.js';
import { NodeTypeSource, PlatformResources } from './ports/agent.ports.js';

export interface ValidatableVersion {
  resolvedDefinition: Record<string, unknown> | null;
  serviceDependencies: Record<string, Record<string, string>>;
  toolDependencies: string[];
}

/**
 * Engine validation (structure, node types, configs against their schemas) plus what only the
 * platform knows: the bound service configs exist and everyone who will chat with the agent may
 * use them, and the MCP servers/tools the workflow calls are registered.
 */
@Injectable()
export class AgentValidationService {
  constructor(
    private readonly nodeTypes: NodeTypeSource,
    private readonly platform: PlatformResources,
  ) {}

  async validate(version: ValidatableVersion, ownerId: string): Promise<WorkflowValidationResult> {
    const definition = version.resolvedDefinition;
    const engine = validateWorkflow(definition, await this.nodeTypes.listDescriptors());
    const issues: WorkflowIssue[] = engine.issues.map((i) => ({ ...i, path: prefixed(i.path) }));
    issues.push(...this.bindingIssues(definition, version.serviceDependencies));
    issues.push(...(await this.serviceIssues(definition, version.serviceDependencies, ownerId)));
    issues.push(...(await this.toolIssues(definition, version.toolDependencies, ownerId)));
    return { valid: !issues.some((i) => i.severity === 'error'), issues };
  }

  private bindingIssues(
    definition: Record<string, unknown> | null,
    bindings: Record<string, Record<string, string>>,
  ): WorkflowIssue[] {
    const ids = new Set(((definition?.nodes as Array<{ id?: unknown }>) ?? []).map((n) => n?.id));
    return Object.keys(bindings)
      .filter((nodeId) => !ids.has(nodeId))
      .map((nodeId) => ({
        path: `serviceDependencies.${nodeId}`,
        nodeId,
        code: 'unknown_node',
        message: `Services are bound to node "${nodeId}", which the workflow does not have`,
        severity: 'error' as const,
      }));
  }

  private async serviceIssues(
    definition: Record<string, unknown> | null,
    bindings: Record<string, Record<string, string>>,
    ownerId: string,
  ): Promise<WorkflowIssue[]> {
    const refs = serviceReferences(definition, bindings);
    if (refs.length === 0) return [];
    const found = new Map(
      (await this.platform.findServiceConfigs(refs.map((r) => r.configId))).map((c) => [c.id, c]),
    );
    const issues: WorkflowIssue[] = [];
    for (const ref of refs) {
      const config = found.get(ref.configId);
      // Someone else's personal config is reported exactly like a missing one: ids are not probed.
      if (!config || (config.ownerId !== null && config.ownerId !== ownerId)) {
        issues.push({
          path: ref.path,
          nodeId: ref.nodeId,
          code: 'service_not_found',
          message: `Service config ${ref.configId} does not exist`,
          severity: 'error',
        });
      } else if (config.ownerId !== null) {
        issues.push({
          path: ref.path,
          nodeId: ref.nodeId,
          code: 'personal_service_config',
          message:
            'This is your personal service config: other users of the published agent could not use it. Bind a platform config or none (the platform default).',
          severity: 'error',
        });
      }
    }
    return issues;
  }

  private async toolIssues(
    definition: Record<string, unknown> | null,
    toolDependencies: string[],
    ownerId: string,
  ): Promise<WorkflowIssue[]> {
    const refs = toolReferences(definition, toolDependencies);
    if (refs.length === 0) return [];
    const servers = await this.platform.findMcpServers(refs.map((r) => r.server));
    const byKey = new Map<string, (typeof servers)[number]>();
    for (const s of servers) {
      if (s.ownerId !== null && s.ownerId !== ownerId) continue;
      byKey.set(s.name, s);
      byKey.set(s.id, s);
    }
    const issues: WorkflowIssue[] = [];
    for (const ref of refs) {
      const server = byKey.get(ref.server);
      if (!server) {
        issues.push({
          path: ref.path,
          nodeId: ref.nodeId,
          code: 'mcp_server_not_found',
          message: `No MCP server named "${ref.server}" is registered`,
          severity: 'error',
        });
      } else if (ref.tool && server.tools === null) {
        issues.push({
          path: ref.path,
          nodeId: ref.nodeId,
          code: 'mcp_tools_unknown',
          message: `The tools of MCP server "${ref.server}" were never listed; refresh the server to check "${ref.tool}"`,
          severity: 'warning',
        });
      } else if (ref.tool && !server.tools!.includes(ref.tool)) {
        issues.push({
          path: ref.path,
          nodeId: ref.nodeId,
          code: 'mcp_tool_not_found',
          message: `MCP server "${ref.server}" has no tool "${ref.tool}"`,
          severity: 'error',
        });
      }
    }
    return issues;
  }
}

const prefixed = (path: string) => (path ? `definition.${path}` : 'definition');
