import type { VersionCompare, WorkflowDiff } from '@agenthub/contracts';

/**
 * The list view of a structural diff (the API's `WorkflowDiff`, the one diff definition) plus
 * both definitions: each node row carries its config before and after, key by key, so a changed
 * node can be shown side by side. Pure: no Vue, no fetch.
 */
export type DiffStatus = 'added' | 'removed' | 'changed';

export interface ConfigChange {
  key: string;
  /** JSON text of the value (undefined when the key is absent on that side). */
  before?: string;
  after?: string;
}

export interface DiffNodeRow {
  id: string;
  type: string;
  status: DiffStatus;
  typeChanged: { from: string; to: string } | null;
  nameChanged: boolean;
  servicesChanged: boolean;
  changes: ConfigChange[];
}

export interface DiffView {
  nodes: DiffNodeRow[];
  edgesAdded: WorkflowDiff['edgesAdded'];
  edgesRemoved: WorkflowDiff['edgesRemoved'];
  entryChanged: WorkflowDiff['entryChanged'];
  variablesChanged: string[];
  conditionsChanged: string[];
  /** Nothing differs at all. */
  empty: boolean;
}

interface NodeLike {
  id: string;
  type: string;
  config?: Record<string, unknown>;
}

function nodesOf(definition: Record<string, unknown> | null): Map<string, NodeLike> {
  const nodes = (definition?.nodes as NodeLike[] | undefined) ?? [];
  return new Map(nodes.map((n) => [n.id, n]));
}

const json = (value: unknown) => (value === undefined ? undefined : JSON.stringify(value, null, 2));

function configRows(
  keys: readonly string[],
  before: NodeLike | undefined,
  after: NodeLike | undefined,
): ConfigChange[] {
  return keys.map((key) => ({ key, before: json(before?.config?.[key]), after: json(after?.config?.[key]) }));
}

const allKeys = (node: NodeLike | undefined) => Object.keys(node?.config ?? {}).sort();

export function buildDiffView(compare: VersionCompare): DiffView {
  const { diff } = compare;
  const before = nodesOf(compare.from.definition);
  const after = nodesOf(compare.to.definition);
  const nodes: DiffNodeRow[] = [
    ...diff.nodesAdded.map((n) => ({
      ...n,
      status: 'added' as const,
      typeChanged: null,
      nameChanged: false,
      servicesChanged: false,
      changes: configRows(allKeys(after.get(n.id)), undefined, after.get(n.id)),
    })),
    ...diff.nodesRemoved.map((n) => ({
      ...n,
      status: 'removed' as const,
      typeChanged: null,
      nameChanged: false,
      servicesChanged: false,
      changes: configRows(allKeys(before.get(n.id)), before.get(n.id), undefined),
    })),
    ...diff.nodesChanged.map((n) => ({
      id: n.id,
      type: after.get(n.id)?.type ?? n.typeChanged?.to ?? '',
      status: 'changed' as const,
      typeChanged: n.typeChanged,
      nameChanged: n.nameChanged,
      servicesChanged: n.servicesChanged,
      changes: configRows(n.configKeys, before.get(n.id), after.get(n.id)),
    })),
  ];
  const empty =
    nodes.length === 0 &&
    diff.edgesAdded.length === 0 &&
    diff.edgesRemoved.length === 0 &&
    !diff.entryChanged &&
    diff.variablesChanged.length === 0 &&
    diff.conditionsChanged.length === 0;
  return {
    nodes,
    edgesAdded: diff.edgesAdded,
    edgesRemoved: diff.edgesRemoved,
    entryChanged: diff.entryChanged,
    variablesChanged: diff.variablesChanged,
    conditionsChanged: diff.conditionsChanged,
    empty,
  };
}
