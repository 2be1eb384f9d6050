import type { WorkflowDiff } from '@agenthub/contracts';

/**
 * Structural diff of two workflow definitions, as shown beside a version: nodes added, removed
 * and changed (with the config keys that changed), and edges added/removed. Edges are compared
 * as flattened links (a conditional mapping entry or a fan-out target each count as one), so
 * re-routing one branch shows as exactly one removed and one added link.
 */
interface NodeLike {
  id: string;
  type: string;
  name?: string;
  config?: Record<string, unknown>;
  services?: Record<string, string>;
}
interface DefinitionLike {
  entry?: string;
  variables?: Record<string, unknown>;
  nodes?: NodeLike[];
  edges?: Array<Record<string, unknown>>;
}
interface Link {
  from: string;
  to: string;
  type: string;
  label?: string;
}

function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stable(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}
const same = (a: unknown, b: unknown) => stable(a) === stable(b);

function asDefinition(value: unknown): DefinitionLike {
  return value && typeof value === 'object' ? (value as DefinitionLike) : {};
}

function flattenEdges(edges: DefinitionLike['edges']): Link[] {
  const links: Link[] = [];
  for (const e of edges ?? []) {
    const from = String(e.from);
    if (e.type === 'conditional') {
      for (const [label, to] of Object.entries((e.mapping as Record<string, string>) ?? {}))
        links.push({ from, to, type: 'conditional', label });
      if (typeof e.default === 'string')
        links.push({ from, to: e.default, type: 'conditional', label: '(default)' });
    } else if (e.type === 'fanout') {
      for (const to of (e.targets as string[]) ?? []) links.push({ from, to, type: 'fanout' });
    } else {
      links.push({ from, to: String(e.to), type: 'normal' });
    }
  }
  return links;
}

const linkKey = (l: Link) => `${l.type}|${l.from}|${l.to}|${l.label ?? ''}`;

function conditionsBySource(edges: DefinitionLike['edges']): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of edges ?? [])
    if (e.type === 'conditional') out.set(String(e.from), stable([e.condition, e.default ?? null]));
  return out;
}

export function diffWorkflows(previousInput: unknown, currentInput: unknown): WorkflowDiff {
  const prev = asDefinition(previousInput);
  const cur = asDefinition(currentInput);
  const prevNodes = new Map((prev.nodes ?? []).map((n) => [n.id, n]));
  const curNodes = new Map((cur.nodes ?? []).map((n) => [n.id, n]));

  const nodesAdded = [...curNodes.values()]
    .filter((n) => !prevNodes.has(n.id))
    .map(({ id, type }) => ({ id, type }));
  const nodesRemoved = [...prevNodes.values()]
    .filter((n) => !curNodes.has(n.id))
    .map(({ id, type }) => ({ id, type }));
  const nodesChanged: WorkflowDiff['nodesChanged'] = [];
  for (const [id, now] of curNodes) {
    const before = prevNodes.get(id);
    if (!before) continue;
    const keys = new Set([...Object.keys(before.config ?? {}), ...Object.keys(now.config ?? {})]);
    const configKeys = [...keys].filter((k) => !same(before.config?.[k], now.config?.[k])).sort();
    const typeChanged = before.type !== now.type ? { from: before.type, to: now.type } : null;
    const servicesChanged = !same(before.services ?? {}, now.services ?? {});
    const nameChanged = (before.name ?? null) !== (now.name ?? null);
    if (typeChanged || configKeys.length || servicesChanged || nameChanged)
      nodesChanged.push({ id, typeChanged, configKeys, servicesChanged, nameChanged });
  }

  const prevLinks = new Map(flattenEdges(prev.edges).map((l) => [linkKey(l), l]));
  const curLinks = new Map(flattenEdges(cur.edges).map((l) => [linkKey(l), l]));
  const edgesAdded = [...curLinks].filter(([k]) => !prevLinks.has(k)).map(([, l]) => l);
  const edgesRemoved = [...prevLinks].filter(([k]) => !curLinks.has(k)).map(([, l]) => l);

  const prevConditions = conditionsBySource(prev.edges);
  const conditionsChanged = [...conditionsBySource(cur.edges)]
    .filter(([from, c]) => prevConditions.has(from) && prevConditions.get(from) !== c)
    .map(([from]) => from);

  const varNames = new Set([...Object.keys(prev.variables ?? {}), ...Object.keys(cur.variables ?? {})]);
  const variablesChanged = [...varNames].filter((v) => !same(prev.variables?.[v], cur.variables?.[v])).sort();

  const entryChanged =
    (prev.entry ?? null) !== (cur.entry ?? null) ? { from: prev.entry ?? null, to: cur.entry ?? null } : null;

  return {
    entryChanged,
    variablesChanged,
    nodesAdded,
    nodesRemoved,
    nodesChanged,
    edgesAdded,
    edgesRemoved,
    conditionsChanged,
  };
}
