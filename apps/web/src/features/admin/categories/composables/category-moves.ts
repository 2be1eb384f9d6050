import type { CategoryTreeNode } from '@agenthub/contracts';

export type DropPosition = 'before' | 'after' | 'inner';

export interface CategoryPlacement {
  id: string;
  parentId: string | null;
  sort: number;
}

/** The API's tree goes five levels deep (the store's category tree schema). */
export const MAX_CATEGORY_DEPTH = 5;

interface Located {
  node: CategoryTreeNode;
  parentId: string | null;
  siblings: CategoryTreeNode[];
  depth: number;
}

function locate(tree: CategoryTreeNode[], id: string): Located | undefined {
  const walk = (nodes: CategoryTreeNode[], parentId: string | null, depth: number): Located | undefined => {
    for (const node of nodes) {
      if (node.id === id) return { node, parentId, siblings: nodes, depth };
      const found = walk(node.children, node.id, depth + 1);
      if (found) return found;
    }
    return undefined;
  };
  return walk(tree, null, 1);
}

function height(node: CategoryTreeNode): number {
  return 1 + Math.max(0, ...node.children.map(height));
}

function contains(node: CategoryTreeNode, id: string): boolean {
  return node.children.some((c) => c.id === id || contains(c, id));
}

/** Whether `dragId` may be dropped at `dropId`: never into itself, never deeper than the API allows. */
export function canDrop(
  tree: CategoryTreeNode[],
  dragId: string,
  dropId: string,
  position: DropPosition,
): boolean {
  const drag = locate(tree, dragId);
  const drop = locate(tree, dropId);
  if (!drag || !drop || dragId === dropId || contains(drag.node, dropId)) return false;
  const newDepth = position === 'inner' ? drop.depth + 1 : drop.depth;
  return newDepth + height(drag.node) - 1 <= MAX_CATEGORY_DEPTH;
}

/**
 * The writes a drag and drop needs: the moved category gets its new parent, and every category
 * of the sibling list it lands in gets `sort` = 10 × its position (gaps leave room for manual
 * sorts). Categories whose parent and sort do not change are left out.
 */
export function planCategoryMove(
  tree: CategoryTreeNode[],
  dragId: string,
  dropId: string,
  position: DropPosition,
): CategoryPlacement[] {
  if (!canDrop(tree, dragId, dropId, position)) return [];
  const drag = locate(tree, dragId)!;
  const drop = locate(tree, dropId)!;
  const parentId = position === 'inner' ? drop.node.id : drop.parentId;
  const target = (position === 'inner' ? drop.node.children : drop.siblings).filter((n) => n.id !== dragId);
  const at =
    position === 'inner'
      ? target.length
      : target.findIndex((n) => n.id === dropId) + (position === 'after' ? 1 : 0);
  const ordered = [...target.slice(0, at), drag.node, ...target.slice(at)];
  return ordered
    .map((n, i) => ({ id: n.id, parentId, sort: i * 10, before: n }))
    .filter(({ id, sort, before }) => sort !== before.sort || (id === dragId && parentId !== drag.parentId))
    .map(({ id, parentId: p, sort }) => ({ id, parentId: p, sort }));
}
