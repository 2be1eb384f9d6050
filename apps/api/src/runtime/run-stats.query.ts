import { Injectable } from '@nestjs/common';
import { RUN_STATES, type RunsByStatus } from '@agenthub/contracts';
import { DataSource } from 'typeorm';

/** Chat-run figures of one agent for one UTC day, or for the whole range when `day` is null. */
export interface RunDayFigures {
  day: string | null;
  runs: number;
  runsByStatus: RunsByStatus;
  activeUsers: number;
  p50DurationMs: number | null;
  p95DurationMs: number | null;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
}

/** A failed run for the admin's system page. */
export interface FailedRunRef {
  id: string;
  agentId: string;
  errorCode: string | null;
  createdAt: string;
}

export interface RecentRunStats {
  byStatus: RunsByStatus;
  failed: FailedRunRef[];
  /** Created time of the oldest run still `queued` (any age), null when none waits. */
  oldestQueuedAt: string | null;
}

const statusColumns = RUN_STATES.map((s) => `count(*) FILTER (WHERE status = '${s}')::int AS "s_${s}"`).join(
  ',\n',
);
const byStatus = (row: Record<string, unknown>): RunsByStatus =>
  Object.fromEntries(RUN_STATES.map((s) => [s, Number(row[`s_${s}`] ?? 0)])) as RunsByStatus;
/**
 * The UTC day of a run, exactly as `workflow_executions_analytics_day_idx` (migration
 * 1795300002800) indexes it: the planner matches the expression text. Range bounds are whole days.
 */
const UTC_DAY = `((created_at AT TIME ZONE 'UTC')::date)`;
/** p50 and p95 run duration (intervals) in one ordered-set aggregate; pg computes it once for both uses. */
const PERCENTILES = `percentile_cont(ARRAY[0.5, 0.95]) WITHIN GROUP (ORDER BY completed_at - started_at)`;
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const DAY_COLUMN = `to_char(${UTC_DAY}, 'YYYY-MM-DD') AS day`;
/** Enough for the totals' sorts of ~250,000 runs in memory; a per-transaction setting only. */
const TOTALS_WORK_MEM = '32MB';
/** The chat-run figures of one agent over [$2, $3) (whole UTC days); grouped by the caller. */
const RUN_FIGURES_SQL = `SELECT ${DAY_COLUMN},
              count(*)::int AS runs,
              ${statusColumns},
              count(DISTINCT user_id)::int AS active_users,
              extract(epoch FROM (${PERCENTILES})[1])::float8 * 1000 AS p50,
              extract(epoch FROM (${PERCENTILES})[2])::float8 * 1000 AS p95,
              coalesce(sum(prompt_tokens), 0)::bigint AS prompt_tokens,
              coalesce(sum(completion_tokens), 0)::bigint AS completion_tokens,
              coalesce(sum(cost_usd), 0)::float8 AS cost_usd
         FROM workflow_executions
        WHERE agent_id = $1 AND kind = 'chat'
          AND ${UTC_DAY} >= ($2::timestamptz AT TIME ZONE 'UTC')::date
          AND ${UTC_DAY} < ($3::timestamptz AT TIME ZONE 'UTC')::date`;

/**
 * Aggregates over `workflow_executions` for dashboards (agent analytics, the admin system page):
 * SQL aggregates only, never rows. Chat runs only for analytics (test runs are the developer's).
 */
@Injectable()
export class RunStatsQuery {
  constructor(private readonly db: DataSource) {}

  /** Per UTC day of `created_at` in [from, to) plus one totals row (`day` null). */
  async agentDaily(agentId: string, from: Date, to: Date): Promise<RunDayFigures[]> {
    // Two statements at once on two connections instead of one GROUPING SETS pass: the day rows
    // come off an index-only scan of `workflow_executions_analytics_day_idx` in day order (no sort
    // of the range; one small sort per day for its distinct users and percentiles), while the
    // totals' range-wide sorts (distinct users, both percentiles in one ordered-set aggregate)
    // run beside them with a work_mem that keeps 100,000 durations in memory (they spilled to
    // temp files at the 4 MB default). Same aggregates, so the figures are exactly the same.
    const params = [agentId, from, to];
    const [days, totals] = await Promise.all([
      this.db.query(`${RUN_FIGURES_SQL} GROUP BY ${UTC_DAY}`, params) as Promise<
        Array<Record<string, unknown>>
      >,
      this.db.transaction(async (tx) => {
        await tx.query(`SET LOCAL work_mem = '${TOTALS_WORK_MEM}'`);
        return (await tx.query(RUN_FIGURES_SQL.replace(DAY_COLUMN, 'NULL AS day'), params)) as Array<
          Record<string, unknown>
        >;
      }),
    ]);
    return [...days, ...totals].map((r) => ({
      day: (r.day as string | null) ?? null,
      runs: Number(r.runs),
      runsByStatus: byStatus(r),
      activeUsers: Number(r.active_users),
      p50DurationMs: numOrNull(r.p50),
      p95DurationMs: numOrNull(r.p95),
      promptTokens: Number(r.prompt_tokens),
      completionTokens: Number(r.completion_tokens),
      costUsd: Number(r.cost_usd),
    }));
  }

  /** Runs of every kind created since `since`, by status, with the newest failed ones. */
  async recent(since: Date, failedLimit: number): Promise<RecentRunStats> {
    const [counts]: Array<Record<string, unknown>> = await this.db.query(
      `SELECT ${statusColumns} FROM workflow_executions WHERE created_at >= $1`,
      [since],
    );
    const failed: Array<{ id: string; agent_id: string; code: string | null; created_at: Date }> =
      await this.db.query(
        `SELECT id, agent_id, error_info->>'code' AS code, created_at FROM workflow_executions
          WHERE status = 'failed' AND created_at >= $1 ORDER BY created_at DESC LIMIT $2`,
        [since, failedLimit],
      );
    const [oldest]: Array<{ at: Date | null }> = await this.db.query(
      `SELECT min(created_at) AS at FROM workflow_executions WHERE status = 'queued'`,
    );
    return {
      byStatus: byStatus(counts ?? {}),
      failed: failed.map((f) => ({
        id: f.id,
        agentId: f.agent_id,
        errorCode: f.code,
        createdAt: f.created_at.toISOString(),
      })),
      oldestQueuedAt: oldest?.at ? oldest.at.toISOString() : null,
    };
  }
}
