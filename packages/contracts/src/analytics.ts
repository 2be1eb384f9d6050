import { z } from 'zod';
import { RUN_STATES, type RunState } from './run.js';

/**
 * Developer analytics of one agent (`GET /api/agents/:id/analytics`): chat use over UTC day
 * buckets plus totals for the whole range. Draft test runs are not counted (they are the
 * developer's own debugging, not use of the agent).
 */
export const ANALYTICS_MAX_DAYS = 366;

const isoDate = z.iso.date({ message: 'Expected a date as YYYY-MM-DD' });

export const agentAnalyticsQuerySchema = z
  .object({
    /** First day (UTC, inclusive); default: 29 days before `to`. */
    from: isoDate.optional(),
    /** Last day (UTC, inclusive); default: today. */
    to: isoDate.optional(),
    bucket: z.enum(['day']).default('day'),
  })
  .superRefine((q, ctx) => {
    // Malformed dates already have their issue (zod still runs this refinement).
    if ([q.from, q.to].some((d) => d !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(d))) return;
    const { from, to } = resolveAnalyticsRange(q);
    const days = daysBetween(from, to) + 1;
    if (days < 1) ctx.addIssue({ code: 'custom', message: '`from` must not be after `to`', path: ['from'] });
    else if (days > ANALYTICS_MAX_DAYS)
      ctx.addIssue({ code: 'custom', message: `At most ${ANALYTICS_MAX_DAYS} days`, path: ['from'] });
  });
export type AgentAnalyticsQuery = z.output<typeof agentAnalyticsQuerySchema>;

/** The range with its defaults filled in: `to` today (UTC), `from` 29 days before `to`. */
export function resolveAnalyticsRange(
  q: { from?: string; to?: string },
  today = new Date().toISOString().slice(0, 10),
): { from: string; to: string } {
  const to = q.to ?? today;
  return { from: q.from ?? addDays(to, -29), to };
}

/** `day` + `days` as YYYY-MM-DD (UTC). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

const runsByStatusSchema = z.object(
  Object.fromEntries(RUN_STATES.map((s) => [s, z.number().int()])) as Record<RunState, z.ZodNumber>,
);
export type RunsByStatus = Record<RunState, number>;

export const analyticsFiguresSchema = z.object({
  /** Installs made in the bucket (still installed). */
  installs: z.number().int(),
  /** Distinct users with a chat run. */
  activeUsers: z.number().int(),
  /** Chats started. */
  chats: z.number().int(),
  /** Chat messages (user and assistant). */
  messages: z.number().int(),
  runs: z.number().int(),
  runsByStatus: runsByStatusSchema,
  /** failed / finished (completed + failed + cancelled); null without finished runs. */
  errorRate: z.number().nullable(),
  /** Over runs with a start and an end; null without any. */
  p50DurationMs: z.number().nullable(),
  p95DurationMs: z.number().nullable(),
  promptTokens: z.number().int(),
  completionTokens: z.number().int(),
  costUsd: z.number(),
  /** Ratings given or changed in the bucket. */
  ratingCount: z.number().int(),
  ratingAverage: z.number().nullable(),
});
export type AnalyticsFigures = z.infer<typeof analyticsFiguresSchema>;

export const agentAnalyticsSchema = z.object({
  agentId: z.uuid(),
  from: z.string(),
  to: z.string(),
  bucket: z.enum(['day']),
  /** One entry per day from `from` to `to`, zeros included. */
  buckets: z.array(analyticsFiguresSchema.extend({ day: z.string() })),
  totals: analyticsFiguresSchema,
});
export type AgentAnalytics = z.infer<typeof agentAnalyticsSchema>;
