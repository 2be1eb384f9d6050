/** Sidebar groups, newest first, by the local calendar day of the last activity. */
export type ChatGroupKey = 'today' | 'yesterday' | 'week' | 'older';
export const CHAT_GROUP_ORDER: readonly ChatGroupKey[] = ['today', 'yesterday', 'week', 'older'];

const DAY_MS = 24 * 60 * 60 * 1000;

function startOfDay(d: Date): number {
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

export function chatGroupOf(iso: string, now: Date): ChatGroupKey {
  const t = new Date(iso).getTime();
  const today = startOfDay(now);
  if (Number.isNaN(t) || t >= today) return 'today';
  if (t >= today - DAY_MS) return 'yesterday';
  if (t >= today - 7 * DAY_MS) return 'week';
  return 'older';
}

/** Items grouped in display order; empty groups are left out. Order inside a group is kept. */
export function groupChats<T extends { lastActivityAt: string }>(
  items: readonly T[],
  now: Date = new Date(),
): Array<{ key: ChatGroupKey; items: T[] }> {
  const groups = new Map<ChatGroupKey, T[]>();
  for (const item of items) {
    const key = chatGroupOf(item.lastActivityAt, now);
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  return CHAT_GROUP_ORDER.filter((k) => groups.has(k)).map((key) => ({ key, items: groups.get(key)! }));
}
