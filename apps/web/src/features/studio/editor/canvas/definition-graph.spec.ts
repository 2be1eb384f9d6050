import { describe, expect, it } from 'vitest';
import { workflowDefinitionSchema, type WorkflowDefinition } from '@agenthub/contracts';
import { EXAMPLE_WORKFLOWS } from '../../../../../../../packages/engine/src/examples/example-workflows';
import { BUILTIN_NODE_TYPES } from '../../../../../../../packages/engine/src/node-types/builtin-node-types';
import {
  definitionToGraph,
  graphToDefinition,
  joinNodes,
  withoutLayout,
  type WorkflowGraph,
} from './definition-graph';

const frame = ({ nodes: _n, edges: _e, ...rest }: WorkflowDefinition) => rest;

const roundTrip = (d: WorkflowDefinition) =>
  graphToDefinition(definitionToGraph(d, BUILTIN_NODE_TYPES), frame(d));

const FANOUT: WorkflowDefinition = workflowDefinitionSchema.parse({
  entry: 'split',
  nodes: [
    { id: 'split', type: 'template', config: { template: '{{input}}', onError: 'branch' } },
    { id: 'a', type: 'llm', config: { prompt: 'a' } },
    { id: 'b', type: 'llm', config: { prompt: 'b' } },
    { id: 'join', type: 'template', config: { template: '{{nodes.a.output}} {{nodes.b.output}}' } },
    { id: 'oops', type: 'answer', config: { text: 'failed' } },
  ],
  edges: [
    { from: 'split', type: 'fanout', targets: ['a', 'b'] },
    { from: 'a', to: 'join' },
    { from: 'b', to: 'join' },
    { from: 'join', to: '__end__' },
    { from: 'split:error', to: 'oops' },
    { from: 'oops', to: '__end__', type: 'normal' },
  ],
});

describe('definition ↔ graph', () => {
  it.each(Object.entries(EXAMPLE_WORKFLOWS))(
    'round-trips the engine example %s unchanged apart from layout',
    (_, input) => {
      const definition = workflowDefinitionSchema.parse(input);
      const back = roundTrip(definition);
      expect(withoutLayout(back)).toEqual(withoutLayout(definition));
      expect(back.nodes.every((n) => n.position)).toBe(true);
    },
  );

  it('round-trips fan-out, error branches and explicit edge types', () => {
    expect(withoutLayout(roundTrip(FANOUT))).toEqual(withoutLayout(FANOUT));
  });

  it('keeps positions through a round trip', () => {
    const positioned = {
      ...FANOUT,
      nodes: FANOUT.nodes.map((n, i) => ({ ...n, position: { x: i * 10, y: 5 } })),
    };
    expect(roundTrip(positioned)).toEqual(positioned);
  });

  it('draws one line per mapping value and default, one per fan-out target, and an __end__ terminal', () => {
    const graph = definitionToGraph(
      workflowDefinitionSchema.parse(EXAMPLE_WORKFLOWS.router),
      BUILTIN_NODE_TYPES,
    );
    const conditional = graph.edges.filter((e) => e.data?.kind === 'conditional');
    expect(conditional.map((e) => [e.label, e.target])).toEqual([
      ['tech', 'tech'],
      ['billing', 'billing'],
      ['*', 'other'],
    ]);
    expect(graph.nodes.find((n) => n.id === '__end__')?.type).toBe('end');
    expect(graph.nodes.find((n) => n.id === 'classify')?.data?.isEntry).toBe(true);
    const fan = definitionToGraph(FANOUT);
    expect(fan.edges.filter((e) => e.data?.kind === 'fanout').map((e) => e.target)).toEqual(['a', 'b']);
    expect(fan.edges.find((e) => e.target === 'oops')?.sourceHandle).toBe('error');
    expect(fan.nodes.find((n) => n.id === 'split')?.data?.hasErrorHandle).toBe(true);
  });

  it('marks the node where fan-out branches meet as a join', () => {
    expect([...joinNodes(FANOUT)]).toEqual(['join']);
    expect(definitionToGraph(FANOUT).nodes.find((n) => n.id === 'join')?.data?.isJoin).toBe(true);
  });

  it('turns newly drawn lines into normal edges and moved conditional lines into the mapping', () => {
    const graph: WorkflowGraph = definitionToGraph(workflowDefinitionSchema.parse(EXAMPLE_WORKFLOWS.router));
    const moved = graph.edges.map((e) => (e.label === 'tech' ? { ...e, target: 'billing' } : e));
    moved.push({ id: 'new', source: 'other', sourceHandle: 'out', target: 'tech' });
    const back = graphToDefinition(
      { nodes: graph.nodes, edges: moved },
      frame(workflowDefinitionSchema.parse(EXAMPLE_WORKFLOWS.router)),
    );
    expect(back.edges[0]).toMatchObject({
      mapping: { tech: 'billing', billing: 'billing' },
      default: 'other',
    });
    expect(back.edges.at(-1)).toEqual({ from: 'other', to: 'tech' });
  });
});
