import { describe, expect, it } from 'vitest';
import { workflowDefinitionSchema, type WorkflowIssue } from '@agenthub/contracts';
import { definitionToGraph } from '../canvas/definition-graph';
import { problemMarks, problemTarget } from './problem-targets';

const definition = workflowDefinitionSchema.parse({
  entry: 'a',
  nodes: [
    { id: 'a', type: 'classifier', config: {} },
    { id: 'b', type: 'answer', config: {} },
    { id: 'c', type: 'answer', config: {} },
  ],
  edges: [
    { from: 'a', type: 'conditional', condition: { kind: 'switch', path: 'x' }, mapping: { x: 'b', y: 'c' } },
    { from: 'b', to: '__end__' },
  ],
});
const issue = (path: string, extra: Partial<WorkflowIssue> = {}): WorkflowIssue => ({
  path,
  code: 'x',
  message: 'm',
  severity: 'error',
  ...extra,
});

describe('problem targets', () => {
  it('points node paths and nodeIds at nodes, edge paths at edges, the rest at the workflow', () => {
    expect(problemTarget(issue('nodes.2.config.text'), definition)).toEqual({ nodeId: 'c' });
    expect(problemTarget(issue('', { nodeId: 'b' }), definition)).toEqual({ nodeId: 'b' });
    expect(problemTarget(issue('edges.0.mapping.y'), definition)).toEqual({ edgeIndex: 0 });
    expect(problemTarget(issue('settings'), definition)).toBeNull();
    expect(problemTarget(issue('edges.9'), definition)).toBeNull();
  });

  it('marks every line of a problem edge and keeps the worst severity of a node', () => {
    const graph = definitionToGraph(definition);
    const marks = problemMarks(
      [
        issue('nodes.2', { severity: 'warning' }),
        issue('nodes.2.config', {}),
        issue('edges.0'),
        issue('nodes.1', { severity: 'warning' }),
      ],
      definition,
      graph.edges,
    );
    expect([...marks.nodes]).toEqual([
      ['c', 'error'],
      ['b', 'warning'],
    ]);
    expect([...marks.edges]).toEqual(['e0-m0', 'e0-m1']);
  });
});
