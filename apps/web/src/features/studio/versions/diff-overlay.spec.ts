import { describe, expect, it } from 'vitest';
import { diffOverlay } from './diff-overlay';
import { BASE, compareOf } from './diff-fixtures';

describe('diffOverlay', () => {
  it('draws the newer version plus the removed nodes and links, each with its status', () => {
    const next = {
      ...BASE,
      nodes: [
        { id: 'a', type: 'llm', config: { prompt: 'Hello' } },
        { id: 'c', type: 'http', config: {} },
      ],
      edges: [
        { from: 'a', to: 'c' },
        { from: 'c', to: '__end__' },
      ],
    };
    const overlay = diffOverlay(
      compareOf(BASE, next, {
        nodesAdded: [{ id: 'c', type: 'http' }],
        nodesRemoved: [{ id: 'b', type: 'code' }],
        nodesChanged: [
          { id: 'a', typeChanged: null, configKeys: ['prompt'], servicesChanged: false, nameChanged: false },
        ],
        edgesAdded: [
          { from: 'a', to: 'c', type: 'normal' },
          { from: 'c', to: '__end__', type: 'normal' },
        ],
        edgesRemoved: [
          { from: 'a', to: 'b', type: 'normal' },
          { from: 'b', to: '__end__', type: 'normal' },
        ],
      }),
    );
    expect(overlay.definition.nodes.map((n) => n.id)).toEqual(['a', 'c', 'b']);
    expect(overlay.definition.edges).toHaveLength(4);
    expect(Object.fromEntries(overlay.nodes)).toEqual({ a: 'changed', b: 'removed', c: 'added' });
    expect(Object.fromEntries(overlay.lines)).toEqual({
      e0: 'added',
      e1: 'added',
      e2: 'removed',
      e3: 'removed',
    });
  });

  it('marks single lines of a conditional edge and leaves unchanged ones alone', () => {
    const cond = {
      ...BASE,
      edges: [
        { from: 'a', type: 'conditional', condition: { switch: 'x' }, mapping: { yes: 'b', no: '__end__' } },
        { from: 'b', to: '__end__' },
      ],
    };
    const overlay = diffOverlay(
      compareOf(BASE, cond, {
        edgesAdded: [{ from: 'a', to: '__end__', type: 'conditional', label: 'no' }],
      }),
    );
    expect(Object.fromEntries(overlay.lines)).toEqual({ 'e0-m1': 'added' });
    expect(overlay.nodes.size).toBe(0);
  });

  it('draws a first version (nothing before it) as all new', () => {
    const overlay = diffOverlay(
      compareOf(null, BASE, {
        nodesAdded: [
          { id: 'a', type: 'llm' },
          { id: 'b', type: 'code' },
        ],
      }),
    );
    expect(overlay.definition.nodes).toHaveLength(2);
    expect([...overlay.nodes.values()]).toEqual(['added', 'added']);
  });
});
