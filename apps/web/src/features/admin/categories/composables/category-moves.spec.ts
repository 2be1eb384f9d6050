import { describe, expect, it } from 'vitest';
import type { CategoryTreeNode } from '@agenthub/contracts';
import { canDrop, planCategoryMove } from './category-moves';

const node = (id: string, sort: number, children: CategoryTreeNode[] = []): CategoryTreeNode => ({
  id,
  parentId: null,
  slug: id,
  name: id,
  nameZh: null,
  sort,
  agentCount: 0,
  children,
});

// a(0) [a1(0), a2(10)], b(10), c(20)
const tree = () => [node('a', 0, [node('a1', 0), node('a2', 10)]), node('b', 10), node('c', 20)];

describe('category moves', () => {
  it('reorders siblings: c before a renumbers the root level', () => {
    expect(planCategoryMove(tree(), 'c', 'a', 'before')).toEqual([
      { id: 'c', parentId: null, sort: 0 },
      { id: 'a', parentId: null, sort: 10 },
      { id: 'b', parentId: null, sort: 20 },
    ]);
  });

  it('moves after a sibling and leaves unchanged categories out', () => {
    expect(planCategoryMove(tree(), 'a', 'b', 'after')).toEqual([
      { id: 'b', parentId: null, sort: 0 },
      { id: 'a', parentId: null, sort: 10 },
    ]);
  });

  it('nests a category as the last child', () => {
    expect(planCategoryMove(tree(), 'b', 'a', 'inner')).toEqual([{ id: 'b', parentId: 'a', sort: 20 }]);
  });

  it('lifts a sub-category to the root between two others', () => {
    expect(planCategoryMove(tree(), 'a2', 'b', 'before')).toEqual([
      { id: 'a2', parentId: null, sort: 10 },
      { id: 'b', parentId: null, sort: 20 },
      { id: 'c', parentId: null, sort: 30 },
    ]);
  });

  it('refuses to drop a category into itself or its descendants', () => {
    expect(canDrop(tree(), 'a', 'a1', 'inner')).toBe(false);
    expect(canDrop(tree(), 'a', 'a', 'after')).toBe(false);
    expect(planCategoryMove(tree(), 'a', 'a2', 'inner')).toEqual([]);
  });

  it('refuses a nest deeper than five levels', () => {
    const deep = [
      node('l1', 0, [node('l2', 0, [node('l3', 0, [node('l4', 0, [node('l5', 0)])])])]),
      node('x', 10, [node('y', 0)]),
    ];
    expect(canDrop(deep, 'x', 'l4', 'inner')).toBe(false);
    expect(canDrop(deep, 'y', 'l4', 'inner')).toBe(true);
    expect(canDrop(deep, 'x', 'l3', 'inner')).toBe(true);
  });
});
