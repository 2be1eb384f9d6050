/**
 * What a workflow refers to outside itself: service configs (node bindings and the version's
 * per-node service dependencies) and MCP servers/tools (tool nodes, agent nodes, tool
 * dependencies), each with the dot path the IDE highlights.
 */
interface NodeShape {
  id: string;
  type: string;
  config?: Record<string, unknown>;
  services?: Record<string, string>;
}

/** Every service config id a definition plus its bindings refer to, with where (dot path). */
export function serviceReferences(
  definition: Record<string, unknown> | null,
  serviceDependencies: Record<string, Record<string, string>>,
): Array<{ configId: string; path: string; nodeId: string }> {
  const refs: Array<{ configId: string; path: string; nodeId: string }> = [];
  const nodes = ((definition?.nodes as NodeShape[] | undefined) ?? []).filter(
    (n) => n && typeof n === 'object',
  );
  nodes.forEach((node, i) => {
    for (const [role, id] of Object.entries(node.services ?? {}))
      refs.push({ configId: id, path: `definition.nodes.${i}.services.${role}`, nodeId: node.id });
  });
  for (const [nodeId, roles] of Object.entries(serviceDependencies))
    for (const [role, id] of Object.entries(roles))
      refs.push({ configId: id, path: `serviceDependencies.${nodeId}.${role}`, nodeId });
  return refs;
}

/** MCP servers (and tools, when named) that a definition's tool nodes and tool dependencies use. */
export function toolReferences(
  definition: Record<string, unknown> | null,
  toolDependencies: readonly string[],
): Array<{ server: string; tool?: string; path: string; nodeId?: string }> {
  const refs: Array<{ server: string; tool?: string; path: string; nodeId?: string }> = [];
  const nodes = (definition?.nodes as NodeShape[] | undefined) ?? [];
  nodes.forEach((node, i) => {
    const config = node.config ?? {};
    if (typeof config.server === 'string') {
      refs.push({
        server: config.server,
        tool: typeof config.tool === 'string' ? config.tool : undefined,
        path: `definition.nodes.${i}.config.server`,
        nodeId: node.id,
      });
    }
    if (Array.isArray(config.tools)) {
      (config.tools as Array<{ server?: unknown; tools?: unknown }>).forEach((sel, j) => {
        if (!sel || typeof sel.server !== 'string') return;
        const tools = Array.isArray(sel.tools)
          ? sel.tools.filter((t): t is string => typeof t === 'string')
          : [];
        const path = `definition.nodes.${i}.config.tools.${j}`;
        if (tools.length === 0) refs.push({ server: sel.server, path, nodeId: node.id });
        for (const tool of tools) refs.push({ server: sel.server, tool, path, nodeId: node.id });
      });
    }
  });
  toolDependencies.forEach((server, i) => refs.push({ server, path: `toolDependencies.${i}` }));
  return refs;
}
