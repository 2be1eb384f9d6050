import { addDays, type AgentAnalytics } from '@agenthub/contracts';

export const RANGE_DAYS = [7, 30, 90] as const;
export type RangeDays = (typeof RANGE_DAYS)[number];

/** The last `days` UTC days ending today. */
export function rangeOf(days: RangeDays, today = new Date().toISOString().slice(0, 10)) {
  return { from: addDays(today, -(days - 1)), to: today };
}

export interface ChartTheme {
  text: string;
  axis: string;
  grid: string;
}

/** A line/bar chart per metric group: which series to draw, from which bucket figures. */
export interface ChartSpec {
  key: 'usage' | 'runs' | 'duration' | 'tokens';
  kind: 'line' | 'bar';
  stacked: boolean;
  series: Array<{ key: string; values: Array<number | null> }>;
}

/** Pure: the chart specs (series per day) for the analytics tab. */
export function chartSpecs(data: AgentAnalytics): ChartSpec[] {
  const col = <T>(pick: (b: AgentAnalytics['buckets'][number]) => T) => data.buckets.map(pick);
  return [
    {
      key: 'usage',
      kind: 'line',
      stacked: false,
      series: [
        { key: 'activeUsers', values: col((b) => b.activeUsers) },
        { key: 'chats', values: col((b) => b.chats) },
        { key: 'messages', values: col((b) => b.messages) },
        { key: 'installs', values: col((b) => b.installs) },
      ],
    },
    {
      key: 'runs',
      kind: 'bar',
      stacked: true,
      series: (['completed', 'failed', 'cancelled', 'paused', 'running', 'queued'] as const).map((s) => ({
        key: s,
        values: col((b) => b.runsByStatus[s]),
      })),
    },
    {
      key: 'duration',
      kind: 'line',
      stacked: false,
      series: [
        { key: 'p50', values: col((b) => b.p50DurationMs) },
        { key: 'p95', values: col((b) => b.p95DurationMs) },
      ],
    },
    {
      key: 'tokens',
      kind: 'bar',
      stacked: true,
      series: [
        { key: 'promptTokens', values: col((b) => b.promptTokens) },
        { key: 'completionTokens', values: col((b) => b.completionTokens) },
      ],
    },
  ];
}

/** The ECharts option of one spec; `label` translates series keys. */
export function echartsOption(
  spec: ChartSpec,
  days: readonly string[],
  label: (key: string) => string,
  theme: ChartTheme,
) {
  return {
    backgroundColor: 'transparent',
    textStyle: { color: theme.text },
    tooltip: { trigger: 'axis' },
    legend: { top: 0, textStyle: { color: theme.text } },
    grid: { left: 48, right: 16, top: 36, bottom: 28 },
    xAxis: {
      type: 'category',
      data: days.map((d) => d.slice(5)),
      axisLine: { lineStyle: { color: theme.axis } },
      axisLabel: { color: theme.text },
    },
    yAxis: {
      type: 'value',
      minInterval: spec.key === 'duration' ? 0 : 1,
      axisLabel: { color: theme.text },
      splitLine: { lineStyle: { color: theme.grid } },
    },
    series: spec.series.map((s) => ({
      name: label(s.key),
      type: spec.kind,
      data: s.values,
      connectNulls: true,
      ...(spec.stacked ? { stack: spec.key } : {}),
    })),
  };
}
