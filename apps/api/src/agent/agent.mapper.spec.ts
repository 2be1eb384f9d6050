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
  it('nests children under their parents, keeping the given order', () => {
    const tree = buildCategoryTree([
      row('a', null),
      row('b', null),
      row('a2', 'a'),
      row('a1', 'a'),
      row('x', 'a2'),
    ]);
    expect(tree.map((n) => n.id)).toEqual(['a', 'b']);
    expect(tree[0]!.children.map((n) => n.id)).toEqual(['a2', 'a1']);
    expect(tree[0]!.children[0]!.children.map((n) => n.id)).toEqual(['x']);
    expect(tree[1]!.children).toEqual([]);
  });
  it('shows a category whose parent is missing at the top level rather than losing it', () => {
    expect(buildCategoryTree([row('orphan', 'gone')]).map((n) => n.id)).toEqual(['orphan']);
  });
});
