import { describe, expect, it } from 'vitest';
import { activePath, selectionFor, switchSibling, type TreeMessage } from './message-tree';

let clock = 0;
const msg = (id: string, parent: string | null): TreeMessage => ({
  id,
  parentMessageId: parent,
  createdAt: new Date(Date.UTC(2026, 0, 1, 10, 0, clock++)).toISOString(),
});
const ids = (path: ReturnType<typeof activePath>) => path.map((e) => e.message.id);

describe('activePath', () => {
  it('follows a linear conversation from the root', () => {
    clock = 0;
    const tree = [msg('u1', null), msg('a1', 'u1'), msg('u2', 'a1'), msg('a2', 'u2')];
    const path = activePath(tree);
    expect(ids(path)).toEqual(['u1', 'a1', 'u2', 'a2']);
    expect(path.every((e) => e.siblings.length === 1 && e.index === 0)).toBe(true);
  });

  it('shows the newest sibling after a regenerate and switches with < 1/2 >', () => {
    clock = 0;
    // Regenerate: a second reply to u2 (the API reuses the user message).
    const tree = [msg('u1', null), msg('a1', 'u1'), msg('u2', 'a1'), msg('a2', 'u2'), msg('a2b', 'u2')];
    const path = activePath(tree);
    expect(ids(path)).toEqual(['u1', 'a1', 'u2', 'a2b']);
    const last = path[3]!;
    expect([last.index + 1, last.siblings.length]).toEqual([2, 2]);

    const back = switchSibling(last, -1, {});
    const older = activePath(tree, back);
    expect(ids(older)).toEqual(['u1', 'a1', 'u2', 'a2']);
    expect(older[3]!.index).toBe(0);
    // Already at the first: nothing changes.
    expect(switchSibling(older[3]!, -1, back)).toBe(back);
    expect(ids(activePath(tree, switchSibling(older[3]!, 1, back)))).toEqual(['u1', 'a1', 'u2', 'a2b']);
  });

  it('keeps the subtree of an edited question: switching back shows its old answers', () => {
    clock = 0;
    // u2 edited into u2b (same parent a1), which got its own answer.
    const tree = [
      msg('u1', null),
      msg('a1', 'u1'),
      msg('u2', 'a1'),
      msg('a2', 'u2'),
      msg('u2b', 'a1'),
      msg('a2c', 'u2b'),
    ];
    const path = activePath(tree);
    expect(ids(path)).toEqual(['u1', 'a1', 'u2b', 'a2c']);
    expect(path[2]!.siblings.map((m) => m.id)).toEqual(['u2', 'u2b']);
    expect(ids(activePath(tree, switchSibling(path[2]!, -1, {})))).toEqual(['u1', 'a1', 'u2', 'a2']);
  });

  it('treats an edited first question (parent null) as a second root', () => {
    clock = 0;
    const tree = [msg('u1', null), msg('a1', 'u1'), msg('u1b', null), msg('a1b', 'u1b')];
    const path = activePath(tree);
    expect(ids(path)).toEqual(['u1b', 'a1b']);
    expect(path[0]!.siblings).toHaveLength(2);
  });

  it('picks the branch holding the newest leaf, even when its first message is older', () => {
    clock = 0;
    const tree = [msg('u1', null), msg('a1', 'u1'), msg('a1b', 'u1'), msg('u2', 'a1'), msg('a2', 'u2')];
    // a1b is newer than a1, but the conversation went on under a1.
    expect(ids(activePath(tree))).toEqual(['u1', 'a1', 'u2', 'a2']);
  });
});

describe('selectionFor', () => {
  it('selects every ancestor of a message so that it is shown', () => {
    clock = 0;
    const tree = [msg('u1', null), msg('a1', 'u1'), msg('a1b', 'u1'), msg('u2', 'a1'), msg('a2', 'u2')];
    const selection = selectionFor(tree, 'a1b');
    expect(ids(activePath(tree, selection))).toEqual(['u1', 'a1b']);
    expect(ids(activePath(tree, selectionFor(tree, 'a2', selection)))).toEqual(['u1', 'a1', 'u2', 'a2']);
  });
});
