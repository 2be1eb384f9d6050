import type { VersionCompare, WorkflowDiff } from '@agenthub/contracts';

/** A compare answer for the specs: `from`/`to` definitions and the diff the API would send. */
export function compareOf(
  from: Record<string, unknown> | null,
  to: Record<string, unknown>,
  diff: Partial<WorkflowDiff> = {},
): VersionCompare {
  return {
    from: { version: '1.0.0', reviewStatus: 'published', definition: from },
    to: { version: null, reviewStatus: 'draft', definition: to },
    diff: {
      entryChanged: null,
      variablesChanged: [],
      nodesAdded: [],
      nodesRemoved: [],
      nodesChanged: [],
      edgesAdded: [],
      edgesRemoved: [],
      conditionsChanged: [],
      ...diff,
    },
  };
}

export const BASE = {
  schemaVersion: 1,
  entry: 'a',
  variables: { topic: { type: 'string' } },
  nodes: [
    { id: 'a', type: 'llm', config: { prompt: 'Hi', stream: true } },
    { id: 'b', type: 'code', config: { code: 'return 1' } },
  ],
  edges: [
    { from: 'a', to: 'b' },
    { from: 'b', to: '__end__' },
  ],
};
