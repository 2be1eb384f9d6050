import { END_NODE, type ConditionalEdge, type EdgeCondition, type WorkflowEdge } from '@agenthub/contracts';
import { edgeKind, edgeTargets, splitSource, type EdgeKind } from '../canvas/definition-graph';

/** One row of a conditional edge's mapping table while it is edited (keys may be briefly invalid). */
export interface MappingRow {
  value: string;
  target: string;
}

/** The edge turned into another kind, keeping its source and as many targets as fit. */
export function convertEdge(edge: WorkflowEdge, kind: EdgeKind): WorkflowEdge {
  if (edgeKind(edge) === kind) return edge;
  const targets = edgeTargets(edge);
  const first = targets[0] ?? END_NODE;
  switch (kind) {
    case 'normal':
      return { from: edge.from, to: first };
    case 'fanout':
      return { type: 'fanout', from: edge.from, targets: targets.length ? [...new Set(targets)] : [first] };
    case 'conditional':
      return {
        type: 'conditional',
        from: edge.from,
        condition: { kind: 'switch', path: `nodes.${splitSource(edge.from).node}.output` },
        mapping: {},
        default: first,
      };
  }
}

/** A condition of the other kind, keeping the text when it fits. */
export function convertCondition(condition: EdgeCondition, kind: EdgeCondition['kind']): EdgeCondition {
  if (condition.kind === kind) return condition;
  return kind === 'switch'
    ? { kind, path: condition.kind === 'expression' ? condition.expression : '' }
    : { kind, expression: condition.kind === 'switch' ? condition.path : '' };
}

export const rowsOf = (edge: ConditionalEdge): MappingRow[] =>
  Object.entries(edge.mapping).map(([value, target]) => ({ value, target }));

/** The first problem of the mapping rows, as an i18n key and its parameters; null when valid. */
export function mappingProblem(
  rows: readonly MappingRow[],
): { key: string; params?: Record<string, string> } | null {
  const seen = new Set<string>();
  for (const row of rows) {
    if (!row.value.trim()) return { key: 'emptyValue' };
    if (seen.has(row.value)) return { key: 'duplicateValue', params: { value: row.value } };
    seen.add(row.value);
    if (!row.target) return { key: 'noTarget' };
  }
  return null;
}

export const mappingOf = (rows: readonly MappingRow[]): Record<string, string> =>
  Object.fromEntries(rows.map((row) => [row.value, row.target]));
