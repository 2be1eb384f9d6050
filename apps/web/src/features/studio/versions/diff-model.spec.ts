import { describe, expect, it } from 'vitest';
import { buildDiffView } from './diff-model';
import { BASE, compareOf } from './diff-fixtures';

describe('buildDiffView', () => {
  it('is empty for identical versions', () => {
    expect(buildDiffView(compareOf(BASE, BASE)).empty).toBe(true);
  });

  it('lists added, removed and changed nodes with their config side by side', () => {
    const next = {
      ...BASE,
      nodes: [
        { id: 'a', type: 'llm', config: { prompt: 'Hello', stream: true } },
        { id: 'c', type: 'http', config: { url: 'https://x.test' } },
      ],
      edges: [
        { from: 'a', to: 'c' },
        { from: 'c', to: '__end__' },
      ],
    };
    const view = buildDiffView(
      compareOf(BASE, next, {
        nodesAdded: [{ id: 'c', type: 'http' }],
        nodesRemoved: [{ id: 'b', type: 'code' }],
        nodesChanged: [
          { id: 'a', typeChanged: null, configKeys: ['prompt'], servicesChanged: false, nameChanged: false },
        ],
        edgesAdded: [{ from: 'a', to: 'c', type: 'normal' }],
        edgesRemoved: [{ from: 'a', to: 'b', type: 'normal' }],
      }),
    );
    expect(view.empty).toBe(false);
    expect(view.nodes.map((n) => [n.id, n.status])).toEqual([
      ['c', 'added'],
      ['b', 'removed'],
      ['a', 'changed'],
    ]);
    expect(view.nodes[0]!.changes).toEqual([{ key: 'url', before: undefined, after: '"https://x.test"' }]);
    expect(view.nodes[1]!.changes).toEqual([{ key: 'code', before: '"return 1"', after: undefined }]);
    expect(view.nodes[2]).toEqual(
      expect.objectContaining({
        type: 'llm',
        changes: [{ key: 'prompt', before: '"Hi"', after: '"Hello"' }],
      }),
    );
    expect(view.edgesAdded).toHaveLength(1);
    expect(view.edgesRemoved).toHaveLength(1);
  });

  it('keeps metadata changes (entry, variables, conditions)', () => {
    const view = buildDiffView(
      compareOf(BASE, BASE, {
        entryChanged: { from: 'a', to: 'b' },
        variablesChanged: ['topic'],
        conditionsChanged: ['a'],
      }),
    );
    expect(view).toEqual(
      expect.objectContaining({
        empty: false,
        entryChanged: { from: 'a', to: 'b' },
        variablesChanged: ['topic'],
        conditionsChanged: ['a'],
      }),
    );
  });
});
