import { describe, expect, it } from 'vitest';
import { workflowDefinitionSchema } from '@agenthub/contracts';
import { EXAMPLE_WORKFLOWS } from '../../../../../../../packages/engine/src/examples/example-workflows';
import { definitionToGraph } from './definition-graph';
import { layoutWorkflowGraph, NODE_SIZE } from './elk-layout';

describe('auto-layout', () => {
  it('lays a workflow out left to right without overlaps', async () => {
    const graph = definitionToGraph(workflowDefinitionSchema.parse(EXAMPLE_WORKFLOWS.router));
    const laid = await layoutWorkflowGraph(graph);
    const at = (id: string) => laid.nodes.find((n) => n.id === id)!.position;
    expect(at('classify').x).toBeLessThan(at('tech').x);
    expect(at('tech').x).toBeLessThan(at('__end__').x);
    const column = ['tech', 'billing', 'other'].map((id) => at(id).y).sort((a, b) => a - b);
    for (let i = 1; i < column.length; i++)
      expect(column[i]! - column[i - 1]!).toBeGreaterThanOrEqual(NODE_SIZE.height);
  });
});
