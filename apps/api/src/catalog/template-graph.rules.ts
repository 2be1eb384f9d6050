import { END_NODE, type TemplateComplexity } from '@agenthub/contracts';

/** One row of `workflow_template_nodes`. */
export interface TemplateGraphNode {
  nodeId: string;
  nodeType: string;
}

/** One row of `workflow_template_edges`: conditional and fan-out edges give one row per target. */
export interface TemplateGraphEdge {
  from: string;
  to: string;
  type: 'normal' | 'conditional' | 'fanout';
  /** Mapping key of a conditional target (`default` for the default branch). */
  label: string | null;
}

export interface TemplateGraph {
  nodes: TemplateGraphNode[];
  edges: TemplateGraphEdge[];
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads nodes and edges out of a template definition. Deliberately lenient: drafts may be
 * half-written, and their index rows must still say which node types they use.
 */
export function extractTemplateGraph(definition: unknown): TemplateGraph {
  const def = isRecord(definition) ? definition : {};
  const nodes: TemplateGraphNode[] = [];
  const seen = new Set<string>();
  for (const node of Array.isArray(def.nodes) ? def.nodes : []) {
    if (!isRecord(node) || typeof node.id !== 'string' || typeof node.type !== 'string') continue;
    if (seen.has(node.id)) continue; // duplicates are reported by validation, not stored twice
    seen.add(node.id);
    nodes.push({ nodeId: node.id, nodeType: node.type });
  }
  const edges: TemplateGraphEdge[] = [];
  for (const edge of Array.isArray(def.edges) ? def.edges : []) {
    if (!isRecord(edge) || typeof edge.from !== 'string') continue;
    const from = edge.from;
    if (edge.type === 'conditional') {
      const mapping = isRecord(edge.mapping) ? edge.mapping : {};
      for (const [label, to] of Object.entries(mapping))
        if (typeof to === 'string') edges.push({ from, to, type: 'conditional', label });
      if (typeof edge.default === 'string')
        edges.push({ from, to: edge.default, type: 'conditional', label: 'default' });
    } else if (edge.type === 'fanout') {
      for (const to of Array.isArray(edge.targets) ? edge.targets : [])
        if (typeof to === 'string') edges.push({ from, to, type: 'fanout', label: null });
    } else if (typeof edge.to === 'string') {
      edges.push({ from, to: edge.to, type: 'normal', label: null });
    }
  }
  return { nodes, edges };
}

/**
 * simple: at most 4 nodes joined by normal edges only; complex: 10+ nodes, a fan-out or a cycle;
 * medium: everything between (e.g. a small router with conditional edges).
 */
export function deriveComplexity(graph: TemplateGraph): TemplateComplexity {
  if (graph.nodes.length >= 10 || graph.edges.some((e) => e.type === 'fanout') || hasCycle(graph))
    return 'complex';
  if (graph.nodes.length <= 4 && graph.edges.every((e) => e.type === 'normal')) return 'simple';
  return 'medium';
}

/** Error edges (`a:error`) count as leaving `a`. */
export function hasCycle(graph: TemplateGraph): boolean {
  const next = new Map<string, string[]>();
  for (const e of graph.edges) {
    const from = e.from.replace(/:error$/, '');
    if (e.to === END_NODE) continue;
    next.set(from, [...(next.get(from) ?? []), e.to]);
  }
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (n: string): boolean => {
    const s = state.get(n);
    if (s === 'visiting') return true;
    if (s === 'done') return false;
    state.set(n, 'visiting');
    for (const m of next.get(n) ?? []) if (visit(m)) return true;
    state.set(n, 'done');
    return false;
  };
  return [...next.keys()].some((n) => visit(n));
}

/**
 * Parameters to check a template with when the caller gives none: the schema's defaults, and for
 * required parameters without one, the first example or enum value, else a placeholder of the
 * right type — so "does this template produce a valid workflow" can be answered before anyone
 * has filled in the form.
 */
export function sampleParameters(parameterSchema: Record<string, unknown>): Record<string, unknown> {
  const properties = isRecord(parameterSchema.properties) ? parameterSchema.properties : {};
  const required = Array.isArray(parameterSchema.required) ? parameterSchema.required : [];
  const out: Record<string, unknown> = {};
  for (const name of required) {
    if (typeof name !== 'string') continue;
    const prop = isRecord(properties[name]) ? properties[name] : {};
    if (prop.default !== undefined) continue; // ajv's useDefaults fills it in
    out[name] = placeholder(prop);
  }
  return out;
}

function placeholder(prop: Record<string, unknown>): unknown {
  if (Array.isArray(prop.examples) && prop.examples.length > 0) return prop.examples[0];
  if (Array.isArray(prop.enum) && prop.enum.length > 0) return prop.enum[0];
  if ('const' in prop) return prop.const;
  const type = Array.isArray(prop.type) ? prop.type[0] : prop.type;
  switch (type) {
    case 'number':
    case 'integer':
      return typeof prop.minimum === 'number' ? prop.minimum : 1;
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'object':
      return {};
    default: {
      const min = typeof prop.minLength === 'number' ? prop.minLength : 0;
      return 'example'.padEnd(min, 'x');
    }
  }
}
