import {
  END_NODE,
  type ConditionalEdge,
  type FanoutEdge,
  type NormalEdge,
  type WorkflowDefinition,
  type WorkflowEdge,
  type WorkflowNode,
} from '@agenthub/contracts';
import { edgeKind, joinSource, splitSource } from '../canvas/definition-graph';

/**
 * Pure operations on workflow definitions: every change the editor makes is one of these, so
 * the draft store can record it for undo/redo and autosave it. None mutates its input.
 */

export type Position = { x: number; y: number };

/** One drawn line of a definition edge: a whole edge, one mapping value, the default, one target. */
export interface EdgeLineRef {
  index: number;
  /** Conditional edges: the mapping key (null = the default line). */
  mappingKey?: string | null;
  /** Fan-out edges: the target of the line. */
  target?: string;
}

/** Nodes and the edges among them, as copied to the clipboard. */
export interface WorkflowFragment {
  nodes: WorkflowNode[];
  edges: WorkflowEdge[];
}

export type WorkflowOperation =
  | { kind: 'addNode'; type: string; position?: Position; name?: string; config?: Record<string, unknown> }
  /** Removes nodes (with their edges) and, in the same step, the given edge lines. */
  | { kind: 'removeNodes'; ids: string[]; lines?: EdgeLineRef[] }
  | { kind: 'connect'; source: string; sourceHandle?: string | null; target: string }
  | { kind: 'removeEdges'; lines: EdgeLineRef[] }
  | { kind: 'moveNodes'; positions: Record<string, Position> }
  | { kind: 'updateNode'; id: string; node: WorkflowNode }
  | { kind: 'updateEdge'; index: number; edge: WorkflowEdge }
  | { kind: 'setEntry'; id: string }
  | { kind: 'duplicate'; ids: string[]; offset?: Position }
  | { kind: 'paste'; fragment: WorkflowFragment; offset?: Position }
  | { kind: 'setVariables'; variables: WorkflowDefinition['variables'] }
  | { kind: 'layout'; positions: Record<string, Position> }
  | { kind: 'replace'; definition: WorkflowDefinition };

export interface OperationResult {
  definition: WorkflowDefinition;
  /** Ids of nodes the operation created (to select them). */
  created: string[];
}

const NODE_ID_PATTERN = /^[A-Za-z][A-Za-z0-9_-]*$/;
const DEFAULT_OFFSET: Position = { x: 40, y: 40 };

export function emptyDefinition(): WorkflowDefinition {
  return { schemaVersion: 1, entry: '', variables: {}, nodes: [], edges: [] };
}

/** A node id derived from `base` (a type name or an old id) that is not in `taken`. */
export function uniqueNodeId(base: string, taken: ReadonlySet<string>): string {
  let stem = base.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 56);
  if (!/^[A-Za-z]/.test(stem)) stem = `n_${stem}`;
  stem = stem.replace(/_\d+$/, '') || 'node';
  if (!taken.has(stem) && stem !== END_NODE && NODE_ID_PATTERN.test(stem)) return stem;
  for (let i = 2; ; i++) {
    const id = `${stem}_${i}`;
    if (!taken.has(id)) return id;
  }
}

const ids = (d: WorkflowDefinition) => new Set(d.nodes.map((n) => n.id));

/** Rewrites every endpoint of an edge (`<id>:error` sources keep their suffix). */
function mapEdge(edge: WorkflowEdge, rename: (id: string) => string): WorkflowEdge {
  const { node, handle } = splitSource(edge.from);
  const from = joinSource(rename(node), handle);
  switch (edgeKind(edge)) {
    case 'conditional': {
      const c = edge as ConditionalEdge;
      const mapping = Object.fromEntries(Object.entries(c.mapping).map(([k, t]) => [k, rename(t)]));
      return { ...c, from, mapping, ...(c.default !== undefined ? { default: rename(c.default) } : {}) };
    }
    case 'fanout':
      return { ...(edge as FanoutEdge), from, targets: (edge as FanoutEdge).targets.map(rename) };
    default:
      return { ...(edge as NormalEdge), from, to: rename((edge as NormalEdge).to) };
  }
}

/**
 * The edge with the targets `keep` refuses removed; null when nothing is left of it (a normal
 * edge whose target went, a fan-out without targets, a conditional edge with no way out).
 */
function pruneEdge(edge: WorkflowEdge, keep: (target: string) => boolean): WorkflowEdge | null {
  switch (edgeKind(edge)) {
    case 'conditional': {
      const c = edge as ConditionalEdge;
      const mapping = Object.fromEntries(Object.entries(c.mapping).filter(([, t]) => keep(t)));
      const next: ConditionalEdge = { ...c, mapping };
      if (c.default !== undefined && !keep(c.default)) delete next.default;
      return Object.keys(mapping).length || next.default !== undefined ? next : null;
    }
    case 'fanout': {
      const targets = (edge as FanoutEdge).targets.filter(keep);
      return targets.length ? { ...(edge as FanoutEdge), targets } : null;
    }
    default:
      return keep((edge as NormalEdge).to) ? edge : null;
  }
}

function removeNodes(d: WorkflowDefinition, removed: ReadonlySet<string>): WorkflowDefinition {
  const nodes = d.nodes.filter((n) => !removed.has(n.id));
  const edges = d.edges
    .filter((e) => !removed.has(splitSource(e.from).node))
    .map((e) => pruneEdge(e, (t) => !removed.has(t)))
    .filter((e): e is WorkflowEdge => e !== null);
  const entry = removed.has(d.entry) ? (nodes[0]?.id ?? '') : d.entry;
  return { ...d, nodes, edges, entry };
}

function removeLines(d: WorkflowDefinition, lines: EdgeLineRef[]): WorkflowDefinition {
  const byIndex = new Map<number, EdgeLineRef[]>();
  for (const l of lines) byIndex.set(l.index, [...(byIndex.get(l.index) ?? []), l]);
  const edges: WorkflowEdge[] = [];
  d.edges.forEach((edge, index) => {
    const refs = byIndex.get(index);
    if (!refs) return void edges.push(edge);
    const kind = edgeKind(edge);
    const partial = refs.every((r) =>
      kind === 'conditional' ? r.mappingKey !== undefined : r.target !== undefined,
    );
    if (kind === 'normal' || !partial) return;
    if (kind === 'fanout') {
      const gone = new Set(refs.map((r) => r.target));
      const targets = (edge as FanoutEdge).targets.filter((t) => !gone.has(t));
      if (targets.length) edges.push({ ...(edge as FanoutEdge), targets });
      return;
    }
    const c = { ...(edge as ConditionalEdge), mapping: { ...(edge as ConditionalEdge).mapping } };
    for (const r of refs) {
      if (r.mappingKey === null) delete c.default;
      else delete c.mapping[r.mappingKey!];
    }
    if (Object.keys(c.mapping).length || c.default !== undefined) edges.push(c);
  });
  return { ...d, edges };
}

function connect(d: WorkflowDefinition, source: string, handle: string | null | undefined, target: string) {
  const from = joinSource(source, handle);
  const exists = d.edges.some(
    (e) => edgeKind(e) === 'normal' && e.from === from && (e as NormalEdge).to === target,
  );
  if (exists || source === END_NODE) return d;
  return { ...d, edges: [...d.edges, { from, to: target }] };
}

function move(d: WorkflowDefinition, positions: Record<string, Position>): WorkflowDefinition {
  return {
    ...d,
    nodes: d.nodes.map((n) => {
      const p = positions[n.id];
      return p ? { ...n, position: { x: Math.round(p.x), y: Math.round(p.y) } } : n;
    }),
  };
}

function updateNode(d: WorkflowDefinition, id: string, node: WorkflowNode): WorkflowDefinition {
  const renamed = node.id !== id;
  const rename = (x: string) => (x === id ? node.id : x);
  return {
    ...d,
    entry: renamed ? rename(d.entry) : d.entry,
    nodes: d.nodes.map((n) => (n.id === id ? node : n)),
    edges: renamed ? d.edges.map((e) => mapEdge(e, rename)) : d.edges,
  };
}

/** The given nodes and the edges that start among them, kept to targets among them (or `__end__`). */
export function copyFragment(d: WorkflowDefinition, selected: readonly string[]): WorkflowFragment {
  const set = new Set(selected);
  const nodes = d.nodes.filter((n) => set.has(n.id));
  const edges = d.edges
    .filter((e) => set.has(splitSource(e.from).node))
    .map((e) => pruneEdge(e, (t) => set.has(t) || t === END_NODE))
    .filter((e): e is WorkflowEdge => e !== null);
  return { nodes, edges };
}

/** Adds a fragment with fresh ids (unique in `d`), its inner edges re-pointed, shifted by `offset`. */
function paste(d: WorkflowDefinition, fragment: WorkflowFragment, offset: Position): OperationResult {
  const taken = ids(d);
  const renames = new Map<string, string>();
  for (const n of fragment.nodes) {
    const id = uniqueNodeId(n.id, taken);
    taken.add(id);
    renames.set(n.id, id);
  }
  const nodes = fragment.nodes.map((n) => ({
    ...structuredClone(n),
    id: renames.get(n.id)!,
    position: { x: (n.position?.x ?? 0) + offset.x, y: (n.position?.y ?? 0) + offset.y },
  }));
  const edges = fragment.edges
    .filter((e) => renames.has(splitSource(e.from).node))
    .map((e) => pruneEdge(structuredClone(e), (t) => renames.has(t) || t === END_NODE))
    .filter((e): e is WorkflowEdge => e !== null)
    .map((e) => mapEdge(e, (x) => renames.get(x) ?? x));
  const created = nodes.map((n) => n.id);
  const entry = d.entry && taken.has(d.entry) ? d.entry : (created[0] ?? d.entry);
  return {
    definition: { ...d, entry, nodes: [...d.nodes, ...nodes], edges: [...d.edges, ...edges] },
    created,
  };
}

export function applyOperation(d: WorkflowDefinition, op: WorkflowOperation): OperationResult {
  const done = (definition: WorkflowDefinition, created: string[] = []) => ({ definition, created });
  switch (op.kind) {
    case 'addNode': {
      const id = uniqueNodeId(op.type, ids(d));
      const node: WorkflowNode = {
        id,
        type: op.type,
        ...(op.name ? { name: op.name } : {}),
        config: structuredClone(op.config ?? {}),
        ...(op.position ? { position: { x: Math.round(op.position.x), y: Math.round(op.position.y) } } : {}),
      };
      const entry = d.entry && ids(d).has(d.entry) ? d.entry : id;
      return done({ ...d, entry, nodes: [...d.nodes, node] }, [id]);
    }
    case 'removeNodes':
      return done(
        removeNodes(removeLines(d, op.lines ?? []), new Set(op.ids.filter((id) => id !== END_NODE))),
      );
    case 'connect':
      return done(connect(d, op.source, op.sourceHandle, op.target));
    case 'removeEdges':
      return done(removeLines(d, op.lines));
    case 'moveNodes':
    case 'layout':
      return done(move(d, op.positions));
    case 'updateNode':
      return done(updateNode(d, op.id, op.node));
    case 'updateEdge':
      return done({ ...d, edges: d.edges.map((e, i) => (i === op.index ? op.edge : e)) });
    case 'setEntry':
      return done(ids(d).has(op.id) ? { ...d, entry: op.id } : d);
    case 'duplicate':
      return paste(d, copyFragment(d, op.ids), op.offset ?? DEFAULT_OFFSET);
    case 'paste':
      return paste(d, op.fragment, op.offset ?? DEFAULT_OFFSET);
    case 'setVariables':
      return done({ ...d, variables: structuredClone(op.variables) });
    case 'replace':
      return done(structuredClone(op.definition));
  }
}
