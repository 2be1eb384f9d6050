import type { WorkflowDefinition, WorkflowIssue } from '@agenthub/contracts';
import type { WorkflowGraphEdge } from '../canvas/definition-graph';

/** What a problem points at on the canvas: a node, a definition edge (by index), or the workflow. */
export type ProblemTarget = { nodeId: string } | { edgeIndex: number } | null;

/** `nodes.2.config.prompt` → node 2's id; `edges.0.to` → edge 0; otherwise the issue's `nodeId`. */
export function problemTarget(issue: WorkflowIssue, definition: WorkflowDefinition): ProblemTarget {
  const [head, index] = issue.path.split('.');
  const i = Number(index);
  if (head === 'edges' && Number.isInteger(i) && i < definition.edges.length) return { edgeIndex: i };
  if (issue.nodeId && definition.nodes.some((n) => n.id === issue.nodeId)) return { nodeId: issue.nodeId };
  if (head === 'nodes' && Number.isInteger(i) && definition.nodes[i])
    return { nodeId: definition.nodes[i].id };
  if (head === 'entry' && definition.nodes.some((n) => n.id === definition.entry))
    return { nodeId: definition.entry };
  return null;
}

export interface ProblemMarks {
  nodes: Map<string, 'error' | 'warning'>;
  /** Vue Flow edge (line) ids. */
  edges: Set<string>;
}

/** The nodes (with their worst severity) and lines each problem is shown on. */
export function problemMarks(
  issues: readonly WorkflowIssue[],
  definition: WorkflowDefinition,
  lines: readonly WorkflowGraphEdge[],
): ProblemMarks {
  const nodes = new Map<string, 'error' | 'warning'>();
  const edgeIndexes = new Set<number>();
  for (const issue of issues) {
    const target = problemTarget(issue, definition);
    if (!target) continue;
    if ('edgeIndex' in target) edgeIndexes.add(target.edgeIndex);
    else if (nodes.get(target.nodeId) !== 'error') nodes.set(target.nodeId, issue.severity);
  }
  const edges = new Set(lines.filter((l) => l.data && edgeIndexes.has(l.data.index)).map((l) => l.id));
  return { nodes, edges };
}
