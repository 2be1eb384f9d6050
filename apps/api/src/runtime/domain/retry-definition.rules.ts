/**
 * Which workflow a retried run continues with. A draft test run may be retried with the draft
 * as it is now (the developer fixed the failing node's config): the run's checkpoint keeps the
 * finished nodes' outputs, so the new definition is only taken when it has exactly the same node
 * ids and edges as the run's snapshot (configs may differ). Otherwise the snapshot is kept.
 */
export function retryDefinition(snapshot: unknown, fixed: unknown): unknown {
  if (fixed === undefined || fixed === null) return snapshot;
  return sameShape(snapshot, fixed) ? fixed : snapshot;
}

interface Shape {
  entry?: unknown;
  nodes?: Array<{ id?: unknown; type?: unknown }>;
  edges?: unknown[];
}

function sameShape(a: unknown, b: unknown): boolean {
  const x = a as Shape | null;
  const y = b as Shape | null;
  if (!x || !y || !Array.isArray(x.nodes) || !Array.isArray(y.nodes)) return false;
  const nodes = (s: Shape) => JSON.stringify(s.nodes!.map((n) => `${String(n.id)}:${String(n.type)}`).sort());
  const edges = (s: Shape) => JSON.stringify((s.edges ?? []).map((e) => JSON.stringify(e)).sort());
  return x.entry === y.entry && nodes(x) === nodes(y) && edges(x) === edges(y);
}
