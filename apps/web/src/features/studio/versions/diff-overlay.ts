import type { VersionCompare, WorkflowDefinition, WorkflowEdge } from '@agenthub/contracts';
import { definitionToGraph } from '../editor/canvas/definition-graph';
import type { DiffStatus } from './diff-model';

/**
 * The diff drawn on the canvas: the newer definition plus what was removed from the older one
 * (removed nodes and links put back as plain nodes/edges), and per node and per line its status,
 * for the canvas marks. Pure.
 */
export interface DiffOverlay {
  definition: WorkflowDefinition;
  nodes: Map<string, DiffStatus>;
  /** Vue Flow line ids of `definitionToGraph(definition)` → added or removed. */
  lines: Map<string, 'added' | 'removed'>;
}

const linkKey = (from: string, to: string) => `${from}→${to}`;

function asDefinition(value: Record<string, unknown> | null): WorkflowDefinition {
  const d = (value ?? {}) as Partial<WorkflowDefinition>;
  return { ...d, entry: d.entry ?? '', nodes: d.nodes ?? [], edges: d.edges ?? [] } as WorkflowDefinition;
}

export function diffOverlay(compare: VersionCompare): DiffOverlay {
  const { diff } = compare;
  const to = asDefinition(compare.to.definition);
  const from = asDefinition(compare.from.definition);
  const removedIds = new Set(diff.nodesRemoved.map((n) => n.id));
  const removedNodes = from.nodes.filter((n) => removedIds.has(n.id));
  const present = new Set([...to.nodes.map((n) => n.id), ...removedIds, '__end__']);
  // Removed links whose ends both still exist in the picture come back as plain edges.
  const removedEdges: WorkflowEdge[] = diff.edgesRemoved
    .filter((e) => present.has(e.from.split(':')[0]!) && present.has(e.to))
    .map((e) => ({ from: e.from, to: e.to }) as WorkflowEdge);
  const definition: WorkflowDefinition = {
    ...to,
    nodes: [...to.nodes, ...removedNodes],
    edges: [...to.edges, ...removedEdges],
  };

  const nodes = new Map<string, DiffStatus>();
  for (const n of diff.nodesAdded) nodes.set(n.id, 'added');
  for (const n of diff.nodesRemoved) nodes.set(n.id, 'removed');
  for (const n of diff.nodesChanged) nodes.set(n.id, 'changed');

  const added = new Set(diff.edgesAdded.map((e) => linkKey(e.from, e.to)));
  const lines = new Map<string, 'added' | 'removed'>();
  for (const line of definitionToGraph(definition).edges) {
    const index = line.data?.index ?? 0;
    if (index >= to.edges.length) lines.set(line.id, 'removed');
    else if (added.has(linkKey(String(line.data?.edge.from), line.target))) lines.set(line.id, 'added');
  }
  return { definition, nodes, lines };
}
