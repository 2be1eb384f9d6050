import {
  END_NODE,
  type ConditionalEdge,
  type FanoutEdge,
  type NodeTypeDescriptor,
  type NormalEdge,
  type WorkflowDefinition,
  type WorkflowEdge,
  type WorkflowNode,
} from '@agenthub/contracts';
import type { Edge, Node } from '@vue-flow/core';

/**
 * Pure conversion between a workflow definition and the Vue Flow graph the canvas draws.
 *
 * One definition node → one Vue Flow node (type `workflow`), plus the `__end__` terminal (type
 * `end`). One definition edge → one or more Vue Flow edges, all carrying the definition edge's
 * index: a normal edge draws one line, a conditional edge one line per mapping entry (labelled
 * with its value) plus one for `default`, a fan-out edge one line per target. `<id>:error`
 * sources leave from the node's `error` handle. Node positions live in the definition's
 * `position` field, which the engine ignores.
 */

export const END_NODE_ID = END_NODE;
export const OUT_HANDLE = 'out';
export const ERROR_HANDLE = 'error';
export const IN_HANDLE = 'in';

const ERROR_SUFFIX = ':error';
const FALLBACK_COLUMN = 280;
const FALLBACK_ROW = 120;

export interface WorkflowNodeData {
  /** The definition node without its position (the Vue Flow node holds that). */
  node: Omit<WorkflowNode, 'position'>;
  label: string;
  kind?: string;
  category?: string;
  isEntry: boolean;
  /** `config.onError === 'branch'`: the node shows its error handle. */
  hasErrorHandle: boolean;
  /** Several branches of one fan-out meet here: the node waits for all of them. */
  isJoin: boolean;
  /** Whether the definition had a position (false → the canvas should auto-lay it out). */
  positioned: boolean;
}

export type EdgeKind = 'normal' | 'conditional' | 'fanout';

export interface WorkflowEdgeData {
  /** Index of the definition edge this line belongs to. */
  index: number;
  kind: EdgeKind;
  /** The definition edge (for conditional/fan-out: its condition and other fields). */
  edge: WorkflowEdge;
  /** Conditional edges: the mapping value this line stands for; `null` for the default line. */
  mappingKey?: string | null;
}

export type WorkflowGraphNode = Node<WorkflowNodeData>;
export type WorkflowGraphEdge = Edge<WorkflowEdgeData>;

export interface WorkflowGraph {
  nodes: WorkflowGraphNode[];
  edges: WorkflowGraphEdge[];
}

/** The definition's fields that are not nodes or edges. */
export type DefinitionFrame = Omit<WorkflowDefinition, 'nodes' | 'edges'>;

export function edgeKind(edge: WorkflowEdge): EdgeKind {
  return edge.type === 'conditional' || edge.type === 'fanout' ? edge.type : 'normal';
}

/** `x:error` → `{ node: 'x', handle: 'error' }`. */
export function splitSource(from: string): { node: string; handle: string } {
  return from.endsWith(ERROR_SUFFIX)
    ? { node: from.slice(0, -ERROR_SUFFIX.length), handle: ERROR_HANDLE }
    : { node: from, handle: OUT_HANDLE };
}

export function joinSource(node: string, handle: string | null | undefined): string {
  return handle === ERROR_HANDLE ? `${node}${ERROR_SUFFIX}` : node;
}

/** The node ids each definition edge leads to (mapping values, default, fan-out targets). */
export function edgeTargets(edge: WorkflowEdge): string[] {
  switch (edgeKind(edge)) {
    case 'conditional': {
      const c = edge as ConditionalEdge;
      return [...Object.values(c.mapping), ...(c.default !== undefined ? [c.default] : [])];
    }
    case 'fanout':
      return [...(edge as FanoutEdge).targets];
    default:
      return [(edge as NormalEdge).to];
  }
}

function edgeLines(edge: WorkflowEdge, index: number): WorkflowGraphEdge[] {
  const { node: source, handle } = splitSource(edge.from);
  const kind = edgeKind(edge);
  const line = (suffix: string, target: string, extra: Partial<WorkflowGraphEdge> = {}) =>
    ({
      id: `e${index}${suffix}`,
      source,
      sourceHandle: handle,
      target,
      targetHandle: IN_HANDLE,
      type: 'workflow',
      data: { index, kind, edge },
      ...extra,
    }) as WorkflowGraphEdge;
  if (kind === 'conditional') {
    const c = edge as ConditionalEdge;
    const lines = Object.entries(c.mapping).map(([key, target], i) =>
      line(`-m${i}`, target, { label: key, data: { index, kind, edge, mappingKey: key } }),
    );
    if (c.default !== undefined) {
      lines.push(line('-d', c.default, { label: '*', data: { index, kind, edge, mappingKey: null } }));
    }
    return lines;
  }
  if (kind === 'fanout') {
    return (edge as FanoutEdge).targets.map((target, i) => line(`-f${i}`, target));
  }
  return [line('', (edge as NormalEdge).to)];
}

/** Nodes where two or more branches of the same fan-out meet (directly or via normal edges). */
export function joinNodes(definition: Pick<WorkflowDefinition, 'edges'>): Set<string> {
  const next = new Map<string, string[]>();
  for (const e of definition.edges) {
    if (edgeKind(e) !== 'normal') continue;
    const from = splitSource(e.from).node;
    next.set(from, [...(next.get(from) ?? []), (e as NormalEdge).to]);
  }
  const joins = new Set<string>();
  for (const e of definition.edges) {
    if (e.type !== 'fanout') continue;
    const reachedBy = new Map<string, Set<number>>();
    e.targets.forEach((start, branch) => {
      const seen = new Set<string>();
      const queue = [start];
      while (queue.length) {
        const id = queue.shift()!;
        if (seen.has(id) || id === END_NODE_ID) continue;
        seen.add(id);
        if (id !== start) {
          const set = reachedBy.get(id) ?? new Set<number>();
          set.add(branch);
          reachedBy.set(id, set);
        }
        queue.push(...(next.get(id) ?? []));
      }
    });
    for (const [id, branches] of reachedBy) if (branches.size > 1) joins.add(id);
  }
  return joins;
}

/** Columns by breadth-first distance from the entry; used until a real layout has run. */
function fallbackPositions(definition: WorkflowDefinition): Map<string, { x: number; y: number }> {
  const rank = new Map<string, number>();
  const out = new Map<string, string[]>();
  for (const e of definition.edges) {
    const from = splitSource(e.from).node;
    out.set(from, [...(out.get(from) ?? []), ...edgeTargets(e)]);
  }
  const queue: string[] = [definition.entry];
  rank.set(definition.entry, 0);
  while (queue.length) {
    const id = queue.shift()!;
    for (const t of out.get(id) ?? []) {
      if (!rank.has(t)) {
        rank.set(t, rank.get(id)! + 1);
        queue.push(t);
      }
    }
  }
  let maxRank = 0;
  for (const r of rank.values()) maxRank = Math.max(maxRank, r);
  const rows = new Map<number, number>();
  const positions = new Map<string, { x: number; y: number }>();
  for (const id of [...definition.nodes.map((n) => n.id), END_NODE_ID]) {
    const r = rank.get(id) ?? (id === END_NODE_ID ? maxRank + 1 : maxRank + 1);
    const row = rows.get(r) ?? 0;
    rows.set(r, row + 1);
    positions.set(id, { x: r * FALLBACK_COLUMN, y: row * FALLBACK_ROW });
  }
  return positions;
}

function nodeData(
  node: WorkflowNode,
  definition: WorkflowDefinition,
  joins: Set<string>,
  types: ReadonlyMap<string, NodeTypeDescriptor>,
): WorkflowNodeData {
  const { position, ...rest } = node;
  const type = types.get(node.type);
  return {
    node: rest,
    label: node.name || node.id,
    kind: type?.kind,
    category: type?.category,
    isEntry: node.id === definition.entry,
    hasErrorHandle: node.config?.onError === 'branch',
    isJoin: joins.has(node.id),
    positioned: position !== undefined,
  };
}

function typeMap(nodeTypes?: readonly NodeTypeDescriptor[]): Map<string, NodeTypeDescriptor> {
  return new Map((nodeTypes ?? []).map((t) => [t.typeName, t]));
}

/** The Vue Flow graph of a definition (`nodeTypes` adds kinds and categories to node data). */
export function definitionToGraph(
  definition: WorkflowDefinition,
  nodeTypes?: readonly NodeTypeDescriptor[],
): WorkflowGraph {
  const types = typeMap(nodeTypes);
  const joins = joinNodes(definition);
  const fallback = definition.nodes.some((n) => !n.position) ? fallbackPositions(definition) : null;
  const nodes: WorkflowGraphNode[] = definition.nodes.map((n) => ({
    id: n.id,
    type: 'workflow',
    position: n.position ? { ...n.position } : fallback!.get(n.id)!,
    data: nodeData(n, definition, joins, types),
  }));
  const endX = Math.max(0, ...nodes.map((n) => n.position.x)) + FALLBACK_COLUMN;
  const endPosition = fallback?.get(END_NODE_ID) ?? { x: endX, y: 0 };
  nodes.push({
    id: END_NODE_ID,
    type: 'end',
    position: endPosition,
    deletable: false,
    data: {
      node: { id: END_NODE_ID, type: END_NODE_ID, config: {} },
      label: END_NODE_ID,
      isEntry: false,
      hasErrorHandle: false,
      isJoin: false,
      positioned: false,
    },
  });
  const edges = definition.edges.flatMap((e, i) => edgeLines(e, i));
  return { nodes, edges };
}

/**
 * Back from a graph: nodes (with their current positions, rounded) in graph order, edges
 * regrouped by their definition index. Lines with no `data` (just drawn) become normal edges.
 */
export function graphToDefinition(graph: WorkflowGraph, frame: DefinitionFrame): WorkflowDefinition {
  const nodes: WorkflowNode[] = graph.nodes
    .filter((n) => n.type !== 'end' && n.id !== END_NODE_ID)
    .map((n) => ({
      ...(n.data!.node as WorkflowNode),
      position: { x: Math.round(n.position.x), y: Math.round(n.position.y) },
    }));
  const groups = new Map<number, WorkflowGraphEdge[]>();
  const drawn: WorkflowEdge[] = [];
  for (const line of graph.edges) {
    if (!line.data) {
      drawn.push({ from: joinSource(line.source, line.sourceHandle), to: line.target });
      continue;
    }
    groups.set(line.data.index, [...(groups.get(line.data.index) ?? []), line]);
  }
  const edges: WorkflowEdge[] = [...groups.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, lines]) => rebuildEdge(lines));
  return { ...frame, nodes, edges: [...edges, ...drawn] };
}

function rebuildEdge(lines: WorkflowGraphEdge[]): WorkflowEdge {
  const first = lines[0]!;
  const { edge, kind } = first.data!;
  const from = joinSource(first.source, first.sourceHandle);
  if (kind === 'conditional') {
    const c = edge as ConditionalEdge;
    const mapping: Record<string, string> = {};
    let fallback: string | undefined;
    for (const l of lines) {
      if (l.data!.mappingKey === null) fallback = l.target;
      else mapping[l.data!.mappingKey!] = l.target;
    }
    const rebuilt: ConditionalEdge = { ...c, from, mapping };
    delete rebuilt.default;
    if (fallback !== undefined) rebuilt.default = fallback;
    return rebuilt;
  }
  if (kind === 'fanout') return { ...(edge as FanoutEdge), from, targets: lines.map((l) => l.target) };
  return { ...(edge as NormalEdge), from, to: first.target };
}

/** The definition without node positions (what the engine sees). */
export function withoutLayout(definition: WorkflowDefinition): WorkflowDefinition {
  return {
    ...definition,
    nodes: definition.nodes.map(({ position: _position, ...rest }) => rest),
  };
}
