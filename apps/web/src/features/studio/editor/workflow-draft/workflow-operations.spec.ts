import { describe, expect, it } from 'vitest';
import { workflowDefinitionSchema, type WorkflowDefinition } from '@agenthub/contracts';
import { EXAMPLE_WORKFLOWS } from '../../../../../../../packages/engine/src/examples/example-workflows';
import { createHistory } from './history';
import {
  applyOperation,
  copyFragment,
  emptyDefinition,
  uniqueNodeId,
  type WorkflowOperation,
} from './workflow-operations';

const ROUTER: WorkflowDefinition = workflowDefinitionSchema.parse({
  entry: 'classify',
  nodes: [
    { id: 'classify', type: 'classifier', config: { labels: ['tech', 'billing'], prompt: '{{input}}' } },
    { id: 'tech', type: 'answer', config: { text: 't' }, position: { x: 300, y: 0 } },
    { id: 'billing', type: 'answer', config: { text: 'b' }, position: { x: 300, y: 100 } },
    { id: 'split', type: 'template', config: { template: 'x', onError: 'branch' } },
    { id: 'oops', type: 'answer', config: { text: 'failed' } },
  ],
  edges: [
    {
      from: 'classify',
      type: 'conditional',
      condition: { kind: 'switch', path: 'nodes.classify.output' },
      mapping: { tech: 'tech', billing: 'billing' },
      default: 'split',
    },
    { from: 'tech', to: '__end__' },
    { from: 'billing', to: '__end__' },
    { from: 'split', type: 'fanout', targets: ['tech', 'billing'] },
    { from: 'split:error', to: 'oops' },
  ],
});

const run = (d: WorkflowDefinition, op: WorkflowOperation) => applyOperation(d, op);

/** Every operation, with a check of what it did; each is also undone and redone below. */
const CASES: Array<[string, WorkflowOperation, (d: WorkflowDefinition, created: string[]) => void]> = [
  [
    'addNode gives a unique id from the type',
    { kind: 'addNode', type: 'answer', position: { x: 10.4, y: 20.6 } },
    (d, created) => {
      expect(created).toEqual(['answer']);
      expect(d.nodes.at(-1)).toEqual({
        id: 'answer',
        type: 'answer',
        config: {},
        position: { x: 10, y: 21 },
      });
    },
  ],
  [
    'removeNodes drops their edges and lines and fixes the entry',
    { kind: 'removeNodes', ids: ['classify', 'tech'] },
    (d) => {
      expect(d.nodes.map((n) => n.id)).toEqual(['billing', 'split', 'oops']);
      expect(d.entry).toBe('billing');
      expect(d.edges).toEqual([
        { from: 'billing', to: '__end__' },
        { from: 'split', type: 'fanout', targets: ['billing'] },
        { from: 'split:error', to: 'oops' },
      ]);
    },
  ],
  [
    'connect from the error handle makes an <id>:error source',
    { kind: 'connect', source: 'oops', sourceHandle: 'error', target: '__end__' },
    (d) => expect(d.edges.at(-1)).toEqual({ from: 'oops:error', to: '__end__' }),
  ],
  [
    'connect from the output handle makes a normal edge',
    { kind: 'connect', source: 'oops', sourceHandle: 'out', target: '__end__' },
    (d) => expect(d.edges.at(-1)).toEqual({ from: 'oops', to: '__end__' }),
  ],
  [
    'removeEdges removes one mapping line, a fan-out target and a whole edge',
    {
      kind: 'removeEdges',
      lines: [{ index: 0, mappingKey: 'tech' }, { index: 3, target: 'billing' }, { index: 4 }],
    },
    (d) => {
      expect(d.edges[0]).toMatchObject({ mapping: { billing: 'billing' }, default: 'split' });
      expect(d.edges[3]).toEqual({ from: 'split', type: 'fanout', targets: ['tech'] });
      expect(d.edges).toHaveLength(4);
    },
  ],
  [
    'moveNodes sets rounded positions',
    { kind: 'moveNodes', positions: { classify: { x: 1.2, y: 2.7 } } },
    (d) => expect(d.nodes[0]!.position).toEqual({ x: 1, y: 3 }),
  ],
  [
    'layout sets positions of many nodes',
    { kind: 'layout', positions: { oops: { x: 5, y: 6 }, split: { x: 7, y: 8 } } },
    (d) =>
      expect(d.nodes.slice(3).map((n) => n.position)).toEqual([
        { x: 7, y: 8 },
        { x: 5, y: 6 },
      ]),
  ],
  [
    'updateNode renames references when the id changes',
    { kind: 'updateNode', id: 'tech', node: { id: 'support', type: 'answer', config: { text: 's' } } },
    (d) => {
      expect(d.nodes[1]).toEqual({ id: 'support', type: 'answer', config: { text: 's' } });
      expect(d.edges[0]).toMatchObject({ mapping: { tech: 'support' } });
      expect(d.edges[1]).toEqual({ from: 'support', to: '__end__' });
      expect(d.edges[3]).toMatchObject({ targets: ['support', 'billing'] });
    },
  ],
  [
    'updateEdge replaces one edge',
    { kind: 'updateEdge', index: 1, edge: { from: 'tech', to: 'billing' } },
    (d) => expect(d.edges[1]).toEqual({ from: 'tech', to: 'billing' }),
  ],
  ['setEntry', { kind: 'setEntry', id: 'split' }, (d) => expect(d.entry).toBe('split')],
  [
    'duplicate re-ids the nodes and keeps their inner edges',
    { kind: 'duplicate', ids: ['split', 'oops'] },
    (d, created) => {
      expect(created).toEqual(['split_2', 'oops_2']);
      expect(d.nodes.at(-1)!.position).toEqual({ x: 40, y: 40 });
      expect(d.edges.slice(5)).toEqual([{ from: 'split_2:error', to: 'oops_2' }]);
    },
  ],
  [
    'paste adds a fragment from elsewhere with fresh ids',
    {
      kind: 'paste',
      fragment: copyFragment(ROUTER, ['tech', 'billing']),
      offset: { x: 0, y: 500 },
    },
    (d, created) => {
      expect(created).toEqual(['tech_2', 'billing_2']);
      expect(d.nodes.at(-1)!.position).toEqual({ x: 300, y: 600 });
      expect(d.edges.slice(5)).toEqual([
        { from: 'tech_2', to: '__end__' },
        { from: 'billing_2', to: '__end__' },
      ]);
    },
  ],
  [
    'setVariables',
    { kind: 'setVariables', variables: { lang: { type: 'string', default: 'en' } } },
    (d) => expect(d.variables).toEqual({ lang: { type: 'string', default: 'en' } }),
  ],
  [
    'replace (a JSON view edit)',
    {
      kind: 'replace',
      definition: { ...emptyDefinition(), entry: 'a', nodes: [{ id: 'a', type: 'llm', config: {} }] },
    },
    (d) => expect(d.nodes.map((n) => n.id)).toEqual(['a']),
  ],
];

describe('workflow operations', () => {
  it.each(CASES)('%s, and undo/redo restore both states', (_, op, check) => {
    const before = structuredClone(ROUTER);
    const { definition: after, created } = run(ROUTER, op);
    check(after, created);
    expect(ROUTER).toEqual(before); // the input is never mutated
    const history = createHistory<WorkflowDefinition>();
    history.push(ROUTER);
    expect(history.undo(after)).toBe(ROUTER);
    expect(history.redo(ROUTER)).toBe(after);
  });

  it('the first node added to an empty workflow becomes the entry', () => {
    const { definition } = run(emptyDefinition(), { kind: 'addNode', type: 'llm' });
    expect(definition.entry).toBe('llm');
  });

  it('unique ids skip taken ones and fix type names that are not ids', () => {
    expect(uniqueNodeId('llm', new Set(['llm', 'llm_2']))).toBe('llm_3');
    expect(uniqueNodeId('http.request', new Set())).toBe('http_request');
    expect(uniqueNodeId('9lives', new Set())).toBe('n_9lives');
  });

  it('copying keeps only edges among the copied nodes (or to __end__)', () => {
    expect(copyFragment(ROUTER, ['classify', 'tech']).edges).toEqual(
      [
        { ...ROUTER.edges[0], mapping: { tech: 'tech' }, default: undefined },
        { from: 'tech', to: '__end__' },
      ].map((e) => JSON.parse(JSON.stringify(e))),
    );
  });

  it('history keeps at least 100 steps of a long edit session', () => {
    const history = createHistory<WorkflowDefinition>();
    let d = workflowDefinitionSchema.parse(EXAMPLE_WORKFLOWS.router);
    const states = [d];
    for (let i = 0; i < 150; i++) {
      history.push(d);
      d = run(d, { kind: 'addNode', type: 'answer' }).definition;
      states.push(d);
    }
    for (let i = 149; i >= 0; i--) d = history.undo(d)!;
    expect(d).toBe(states[0]);
    expect(history.canUndo).toBe(false);
    for (let i = 0; i < 150; i++) d = history.redo(d)!;
    expect(d).toBe(states[150]);
  });

  it('a new change after undo drops the redo steps', () => {
    const history = createHistory<number>();
    history.push(1);
    expect(history.undo(2)).toBe(1);
    history.push(1);
    expect(history.canRedo).toBe(false);
  });
});
