import { describe, expect, it } from 'vitest';
import { workflowDefinitionSchema } from '@agenthub/contracts';
import { upstreamCompletions, upstreamNodeIds } from './upstream-completions';

const definition = workflowDefinitionSchema.parse({
  entry: 'classify',
  variables: { lang: { type: 'string', default: 'en' }, limit: { type: 'number' } },
  nodes: [
    { id: 'classify', type: 'classifier', config: { labels: ['a', 'b'], prompt: '{{input}}' } },
    { id: 'split', type: 'template', config: { template: 'x', onError: 'branch' } },
    { id: 'other', type: 'answer', config: { text: 'b' } },
    { id: 'left', type: 'llm', config: { prompt: 'l' } },
    { id: 'right', type: 'llm', config: { prompt: 'r' } },
    { id: 'join', type: 'template', config: { template: '{{nodes.left.output}}' } },
    { id: 'oops', type: 'answer', config: { text: 'failed' } },
    { id: 'fallback', type: 'answer', config: { text: 'fallback' } },
    { id: 'island', type: 'answer', config: { text: 'never reached' } },
  ],
  edges: [
    {
      type: 'conditional',
      from: 'classify',
      condition: { kind: 'switch', path: 'nodes.classify.output' },
      mapping: { a: 'split', b: 'other' },
      default: 'fallback',
    },
    { type: 'fanout', from: 'split', targets: ['left', 'right'] },
    { from: 'left', to: 'join' },
    { from: 'right', to: 'join' },
    { from: 'split:error', to: 'oops' },
    { from: 'join', to: '__end__' },
    { from: 'other', to: '__end__' },
    { from: 'oops', to: '__end__' },
    { from: 'fallback', to: '__end__' },
    { from: 'island', to: '__end__' },
  ],
});

describe('upstreamNodeIds', () => {
  it('has nothing upstream of the entry node', () => {
    expect(upstreamNodeIds(definition, 'classify')).toEqual([]);
  });

  it('follows conditional mapping values and the default', () => {
    expect(upstreamNodeIds(definition, 'other')).toEqual(['classify']);
    expect(upstreamNodeIds(definition, 'fallback')).toEqual(['classify']);
  });

  it('follows fan-out targets and lists both branches before a join', () => {
    expect(upstreamNodeIds(definition, 'left')).toEqual(['classify', 'split']);
    expect(upstreamNodeIds(definition, 'join')).toEqual(['classify', 'split', 'left', 'right']);
  });

  it('follows error branches to the failing node', () => {
    expect(upstreamNodeIds(definition, 'oops')).toEqual(['classify', 'split']);
  });

  it('never lists sibling, downstream or unconnected nodes', () => {
    const up = upstreamNodeIds(definition, 'right');
    expect(up).not.toContain('left');
    expect(up).not.toContain('join');
    expect(up).not.toContain('island');
    expect(up).not.toContain('other');
  });

  it('does not list a node as its own upstream inside a cycle', () => {
    const loop = workflowDefinitionSchema.parse({
      entry: 'a',
      nodes: [
        { id: 'a', type: 'template', config: { template: 'a' } },
        { id: 'b', type: 'template', config: { template: 'b' } },
      ],
      edges: [
        { from: 'a', to: 'b' },
        { from: 'b', to: 'a' },
      ],
    });
    expect(upstreamNodeIds(loop, 'a')).toEqual(['b']);
  });
});

describe('upstreamCompletions', () => {
  it('offers input, the variables, the parameters and upstream outputs only', () => {
    expect(upstreamCompletions(definition, 'oops', ['tone'])).toEqual([
      'input',
      'vars.lang',
      'vars.limit',
      'params.tone',
      'nodes.classify.output',
      'nodes.split.output',
    ]);
  });

  it('offers no node outputs without a node', () => {
    expect(upstreamCompletions(definition, undefined)).toEqual(['input', 'vars.lang', 'vars.limit']);
  });
});
