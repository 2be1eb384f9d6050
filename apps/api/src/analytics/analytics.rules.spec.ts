import { dayRange, errorRate, mergeAnalytics } from './analytics.rules.js';

describe('analytics rules', () => {
  it('lists every day of the range, both ends included', () => {
    expect(dayRange('2026-02-27', '2026-03-02')).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
      '2026-03-02',
    ]);
  });

  it('error rate is failed over finished runs, null without finished ones', () => {
    const base = { queued: 3, running: 1, paused: 0, completed: 0, failed: 0, cancelled: 0 };
    expect(errorRate(base)).toBeNull();
    expect(errorRate({ ...base, completed: 3, failed: 1 })).toBe(0.25);
  });

  it('fills missing days with zeros and takes totals from the totals rows', () => {
    const runs = [
      {
        day: '2026-03-01',
        runs: 2,
        runsByStatus: { queued: 0, running: 0, paused: 0, completed: 1, failed: 1, cancelled: 0 },
        activeUsers: 2,
        p50DurationMs: 150,
        p95DurationMs: 195,
        promptTokens: 10,
        completionTokens: 5,
        costUsd: 0.5,
      },
    ];
    const totals = { ...runs[0]!, day: null, activeUsers: 2 };
    const result = mergeAnalytics('2026-03-01', '2026-03-02', {
      runs: [...runs, totals],
      chats: [
        { day: '2026-03-02', chats: 1, messages: 2 },
        { day: null, chats: 1, messages: 2 },
      ],
      store: [],
    });
    expect(result.buckets.map((b) => [b.day, b.runs, b.chats, b.errorRate])).toEqual([
      ['2026-03-01', 2, 0, 0.5],
      ['2026-03-02', 0, 1, null],
    ]);
    expect(result.totals).toMatchObject({ runs: 2, chats: 1, messages: 2, installs: 0, ratingAverage: null });
  });
});
