/**
 * Messages form a tree through `parentMessageId`: a regenerated answer is a sibling of the earlier
 * one, an edited question a sibling of the original. The conversation shows one path from a root
 * to a leaf — by default the one ending at the newest message — and `< 1/2 >` switches siblings.
 * Pure functions, no Vue.
 */

export interface TreeMessage {
  id: string;
  parentMessageId: string | null;
  createdAt: string;
}

/** The chosen child per parent (`ROOT` for the first level). */
export type BranchSelection = Readonly<Record<string, string>>;
export const ROOT = '__root__';

export const parentKey = (m: Pick<TreeMessage, 'parentMessageId'>) => m.parentMessageId ?? ROOT;

export interface PathEntry<M extends TreeMessage> {
  message: M;
  /** This message and its siblings, oldest first. */
  siblings: M[];
  /** Position of the message among its siblings (0-based). */
  index: number;
}

const byAge = (a: TreeMessage, b: TreeMessage) =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

export function childrenByParent<M extends TreeMessage>(messages: readonly M[]): Map<string, M[]> {
  const children = new Map<string, M[]>();
  for (const m of messages) {
    const key = parentKey(m);
    const list = children.get(key);
    if (list) list.push(m);
    else children.set(key, [m]);
  }
  for (const list of children.values()) list.sort(byAge);
  return children;
}

/** The newest `createdAt` in each message's subtree: which branch holds the newest leaf. */
function newestInSubtree<M extends TreeMessage>(children: Map<string, M[]>): Map<string, string> {
  const newest = new Map<string, string>();
  const visit = (m: M): string => {
    const known = newest.get(m.id);
    if (known) return known;
    let max = m.createdAt;
    for (const child of children.get(m.id) ?? []) {
      const c = visit(child);
      if (c > max) max = c;
    }
    newest.set(m.id, max);
    return max;
  };
  for (const list of children.values()) list.forEach(visit);
  return newest;
}

/**
 * The path shown: at each level the selected child if there is one, otherwise the child whose
 * subtree holds the newest message (so after a regenerate or an edit the newest branch shows).
 */
export function activePath<M extends TreeMessage>(
  messages: readonly M[],
  selection: BranchSelection = {},
): PathEntry<M>[] {
  const children = childrenByParent(messages);
  const newest = newestInSubtree(children);
  const path: PathEntry<M>[] = [];
  const seen = new Set<string>();
  let key = ROOT;
  for (;;) {
    const siblings = children.get(key);
    if (!siblings?.length) return path;
    let index = siblings.findIndex((m) => m.id === selection[key]);
    if (index === -1) {
      index = 0;
      for (let i = 1; i < siblings.length; i++) {
        if (newest.get(siblings[i]!.id)! >= newest.get(siblings[index]!.id)!) index = i;
      }
    }
    const message = siblings[index]!;
    if (seen.has(message.id)) return path; // defensive: a cycle would loop forever
    seen.add(message.id);
    path.push({ message, siblings, index });
    key = message.id;
  }
}

/** The selection that puts `id` on the shown path (every ancestor chooses the branch holding it). */
export function selectionFor<M extends TreeMessage>(
  messages: readonly M[],
  id: string,
  selection: BranchSelection = {},
): BranchSelection {
  const byId = new Map(messages.map((m) => [m.id, m]));
  const next: Record<string, string> = { ...selection };
  let current = byId.get(id);
  const seen = new Set<string>();
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    next[parentKey(current)] = current.id;
    current = current.parentMessageId ? byId.get(current.parentMessageId) : undefined;
  }
  return next;
}

/** Switches the message at a path position to its previous/next sibling. */
export function switchSibling<M extends TreeMessage>(
  entry: PathEntry<M>,
  step: -1 | 1,
  selection: BranchSelection,
): BranchSelection {
  const target = entry.siblings[entry.index + step];
  if (!target) return selection;
  return { ...selection, [parentKey(target)]: target.id };
}
