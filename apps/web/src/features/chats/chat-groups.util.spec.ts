import { describe, expect, it } from 'vitest';
import { chatGroupOf, groupChats } from './chat-groups.util';

describe('groupChats', () => {
  const now = new Date(2026, 2, 10, 9, 30); // 10 March, 09:30 local time
  const at = (day: number, hour = 12) => new Date(2026, 2, day, hour).toISOString();

  it('sorts conversations into Today / Yesterday / Previous 7 days / Older by local day', () => {
    expect(chatGroupOf(at(10, 0), now)).toBe('today');
    expect(chatGroupOf(at(9, 23), now)).toBe('yesterday');
    expect(chatGroupOf(at(9, 0), now)).toBe('yesterday');
    expect(chatGroupOf(at(4), now)).toBe('week');
    expect(chatGroupOf(at(2), now)).toBe('older');
  });

  it('keeps the list order inside each group and leaves empty groups out', () => {
    const items = [at(10, 9), at(10, 8), at(3), at(1)].map((lastActivityAt, i) => ({
      id: i,
      lastActivityAt,
    }));
    const groups = groupChats(items, now);
    expect(groups.map((g) => [g.key, g.items.map((c) => c.id)])).toEqual([
      ['today', [0, 1]],
      ['week', [2]],
      ['older', [3]],
    ]);
  });
});
