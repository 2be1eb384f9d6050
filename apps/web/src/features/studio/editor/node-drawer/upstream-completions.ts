import type { WorkflowDefinition } from '@agenthub/contracts';
import { edgeTargets, splitSource } from '../canvas/definition-graph';

/**
 * Ids of the nodes from which `nodeId` can be reached (its upstream), in definition order.
 * Follows every edge kind: normal, conditional (mapping values and default), fan-out targets and
 * error branches (`<id>:error` sources count as `<id>`).
 */
export function upstreamNodeIds(
  definition: Pick<WorkflowDefinition, 'nodes' | 'edges'>,
  nodeId: string,
): string[] {
  const incoming = new Map<string, string[]>();
  for (const edge of definition.edges) {
    const from = splitSource(edge.from).node;
    for (const to of edgeTargets(edge)) incoming.set(to, [...(incoming.get(to) ?? []), from]);
  }
  const seen = new Set<string>();
  const queue = [...(incoming.get(nodeId) ?? [])];
  while (queue.length) {
    const id = queue.shift()!;
    if (seen.has(id)) continue;
    seen.add(id);
    queue.push(...(incoming.get(id) ?? []));
  }
  // In a cycle a node is its own upstream, but its output is not there on its first run.
  seen.delete(nodeId);
  return definition.nodes.map((n) => n.id).filter((id) => seen.has(id));
}

/**
 * What `{{` offers in a node's template fields: `input`, the workflow's variables, the
 * template's parameters (when editing a workflow template) and the outputs of upstream nodes only
 * (a node cannot read an output that is never computed before it).
 */
export function upstreamCompletions(
  definition: Pick<WorkflowDefinition, 'nodes' | 'edges' | 'variables'>,
  nodeId: string | undefined,
  params: readonly string[] = [],
): string[] {
  return [
    'input',
    ...Object.keys(definition.variables ?? {}).map((v) => `vars.${v}`),
    ...params.map((p) => `params.${p}`),
    ...(nodeId ? upstreamNodeIds(definition, nodeId).map((id) => `nodes.${id}.output`) : []),
  ];
}
