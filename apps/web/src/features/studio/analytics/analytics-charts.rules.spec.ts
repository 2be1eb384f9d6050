import { describe, expect, it } from 'vitest';
import type { AgentAnalytics, AnalyticsFigures } from '@agenthub/contracts';
import { chartSpecs, echartsOption, rangeOf } from './analytics-charts.rules';

const figures = (over: Partial<AnalyticsFigures> = {}): AnalyticsFigures => ({
  installs: 0,
  activeUsers: 0,
  chats: 0,
  messages: 0,
  runs: 0,
  runsByStatus: { queued: 0, running: 0, paused: 0, completed: 0, failed: 0, cancelled: 0 },
  errorRate: null,
  p50DurationMs: null,
  p95DurationMs: null,
  promptTokens: 0,
  completionTokens: 0,
  costUsd: 0,
  ratingCount: 0,
  ratingAverage: null,
  ...over,
});

describe('analytics charts', () => {
  it('ranges end today and span 7, 30 or 90 days', () => {
    expect(rangeOf(7, '2026-03-10')).toEqual({ from: '2026-03-04', to: '2026-03-10' });
    expect(rangeOf(90, '2026-03-10').from).toBe('2025-12-11');
  });

  it('builds one series per metric with a value per day', () => {
    const data: AgentAnalytics = {
      agentId: '00000000-0000-4000-8000-000000000000',
      from: '2026-03-01',
      to: '2026-03-02',
      bucket: 'day',
      buckets: [
        {
          day: '2026-03-01',
          ...figures({ chats: 2, runsByStatus: { ...figures().runsByStatus, failed: 1 } }),
        },
        { day: '2026-03-02', ...figures({ p95DurationMs: 120 }) },
      ],
      totals: figures(),
    };
    const specs = chartSpecs(data);
    expect(specs.map((s) => s.key)).toEqual(['usage', 'runs', 'duration', 'tokens']);
    expect(specs[0]!.series.find((s) => s.key === 'chats')!.values).toEqual([2, 0]);
    expect(specs[1]!.series.find((s) => s.key === 'failed')!.values).toEqual([1, 0]);
    expect(specs[2]!.series.find((s) => s.key === 'p95')!.values).toEqual([null, 120]);

    const option = echartsOption(specs[1]!, ['2026-03-01', '2026-03-02'], (k) => k.toUpperCase(), {
      text: '#fff',
      axis: '#888',
      grid: '#333',
    });
    expect(option.xAxis.data).toEqual(['03-01', '03-02']);
    expect(option.series[0]).toMatchObject({ name: 'COMPLETED', type: 'bar', stack: 'runs' });
    expect(option.legend.textStyle.color).toBe('#fff');
  });
});
