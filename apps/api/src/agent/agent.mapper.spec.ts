import type { AgentCategoryEntity } from './agent-category.entity';
import { buildCategoryTree } from './agent.mapper';

const row = (id: string, parentId: string | null, sort = 0): AgentCategoryEntity =>
  ({
    id,
    parentId,
    slug: id,
    name: id.toUpperCase(),
    nameZh: null,
    sort,
    createdAt: new Date(),
    updatedAt: new Date(),
  }) as AgentCategoryEntity;

describe('buildCategoryTree', () => {
  it('nests children under their parents, ordered by sort then name', () => {
    const tree = buildCategoryTree([
      row('b', null, 2),
      row('a', null, 1),
      row('a2', 'a', 0),
      row('a1', 'a', 0),
      row('x', 'a2'),
    ]);
    expect(tree.map((n) => n.id)).toEqual(['a', 'b']);
    expect(tree[0]!.children.map((n) => n.id)).toEqual(['a1', 'a2']);
    expect(tree[0]!.children[1]!.children.map((n) => n.id)).toEqual(['x']);
    expect(tree[1]!.children).toEqual([]);
    expect(tree.every((n) => n.agentCount === 0)).toBe(true);
  });

  it("sums agent counts over all descendants into each parent's total", () => {
    const tree = buildCategoryTree(
      [row('a', null, 1), row('b', null, 2), row('a1', 'a'), row('a2', 'a'), row('a1x', 'a1')],
      new Map([
        ['a', 1],
        ['a1', 2],
        ['a1x', 4],
        ['b', 8],
      ]),
    );
    expect(tree.map((n) => [n.id, n.agentCount])).toEqual([
      ['a', 7],
      ['b', 8],
    ]);
    expect(tree[0]!.children.map((n) => [n.id, n.agentCount])).toEqual([
      ['a1', 6],
      ['a2', 0],
    ]);
    expect(tree[0]!.children[0]!.children[0]).toMatchObject({ id: 'a1x', agentCount: 4 });
  });

  it('shows a category whose parent is missing at the top level and cuts loops in corrupted data', () => {
    const tree = buildCategoryTree(
      [row('orphan', 'gone'), row('x', 'y'), row('y', 'x')],
      new Map([['orphan', 1]]),
    );
    expect(tree.map((n) => [n.id, n.agentCount])).toEqual([['orphan', 1]]);
  });
});
