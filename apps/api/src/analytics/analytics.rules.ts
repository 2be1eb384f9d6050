import {
  addDays,
  type AnalyticsFigures,
  daysBetween,
  RUN_STATES,
  type RunsByStatus,
} from '@agenthub/contracts';

/** One source's rows: per day, plus the totals row with `day` null. */
type DayRows<T> = ReadonlyArray<T & { day: string | null }>;

export interface AnalyticsSources {
  runs: DayRows<
    Pick<
      AnalyticsFigures,
      | 'runs'
      | 'runsByStatus'
      | 'activeUsers'
      | 'p50DurationMs'
      | 'p95DurationMs'
      | 'promptTokens'
      | 'completionTokens'
      | 'costUsd'
    >
  >;
  chats: DayRows<Pick<AnalyticsFigures, 'chats' | 'messages'>>;
  store: DayRows<Pick<AnalyticsFigures, 'installs' | 'ratingCount' | 'ratingAverage'>>;
}

const zeroStatuses = (): RunsByStatus => Object.fromEntries(RUN_STATES.map((s) => [s, 0])) as RunsByStatus;

export const emptyFigures = (): AnalyticsFigures => ({
  installs: 0,
  activeUsers: 0,
  chats: 0,
  messages: 0,
  runs: 0,
  runsByStatus: zeroStatuses(),
  errorRate: null,
  p50DurationMs: null,
  p95DurationMs: null,
  promptTokens: 0,
  completionTokens: 0,
  costUsd: 0,
  ratingCount: 0,
  ratingAverage: null,
});

/** failed / finished runs; null when none finished. */
export function errorRate(byStatus: RunsByStatus): number | null {
  const finished = byStatus.completed + byStatus.failed + byStatus.cancelled;
  return finished === 0 ? null : byStatus.failed / finished;
}

/** Every day from `from` to `to` (inclusive, YYYY-MM-DD). */
export function dayRange(from: string, to: string): string[] {
  return Array.from({ length: daysBetween(from, to) + 1 }, (_, i) => addDays(from, i));
}

/**
 * Merges the per-source aggregate rows into one entry per day (zeros for days without data) and
 * the totals. Totals come from each source's own totals row, never from summing days: distinct
 * users and percentiles do not add up.
 */
export function mergeAnalytics(
  from: string,
  to: string,
  sources: AnalyticsSources,
): { buckets: Array<AnalyticsFigures & { day: string }>; totals: AnalyticsFigures } {
  const figuresOf = (day: string | null): AnalyticsFigures => {
    const out = emptyFigures();
    const pick = <T extends { day: string | null }>(rows: ReadonlyArray<T>) =>
      rows.find((r) => r.day === day);
    for (const row of [pick(sources.runs), pick(sources.chats), pick(sources.store)]) {
      if (!row) continue;
      const { day: _day, ...figures } = row;
      Object.assign(out, figures);
    }
    out.errorRate = errorRate(out.runsByStatus);
    return out;
  };
  return {
    buckets: dayRange(from, to).map((day) => ({ day, ...figuresOf(day) })),
    totals: figuresOf(null),
  };
}
