import { z } from 'zod';

/** `GET /api/health` (public): each dependency's state; 503 with the same body when one is down. */
export const healthCheckSchema = z.object({
  status: z.enum(['up', 'down', 'disabled']),
  error: z.string().optional(),
});
export const healthReportSchema = z.object({
  status: z.enum(['ok', 'error']),
  mode: z.enum(['embedded', 'distributed']),
  checks: z.object({ database: healthCheckSchema, redis: healthCheckSchema, queue: healthCheckSchema }),
});
export type HealthReport = z.infer<typeof healthReportSchema>;

// ---- admin system page (`GET /api/admin/system`) ----

/** An API or worker process of the platform, from its last heartbeat (down after 3 silent intervals). */
export const platformProcessSchema = z.object({
  id: z.string(),
  role: z.enum(['api', 'worker']),
  version: z.string(),
  host: z.string(),
  pid: z.number().int(),
  uptimeSec: z.number().int(),
  activeRuns: z.number().int(),
  memoryMb: z.number(),
  intervalSec: z.number().int(),
  status: z.enum(['up', 'down']),
  startedAt: z.string(),
  lastSeenAt: z.string(),
  /** True for the process that answered this request. */
  self: z.boolean(),
});
export type PlatformProcess = z.infer<typeof platformProcessSchema>;

export const configEntrySchema = z.object({
  name: z.string(),
  /** Null when unset, or when secret (then only `set` tells whether it has a value). */
  value: z.string().nullable(),
  secret: z.boolean(),
  set: z.boolean(),
});
export type ConfigEntry = z.infer<typeof configEntrySchema>;

const runCountsSchema = z.record(z.string(), z.number().int());

export const systemSummarySchema = z.object({
  health: healthReportSchema,
  processes: z.array(platformProcessSchema),
  queue: z.object({
    mode: z.enum(['inline', 'bullmq']),
    waiting: z.number().int().nullable(),
    active: z.number().int().nullable(),
    /** Created time of the oldest run still queued. */
    oldestWaitingAt: z.string().nullable(),
  }),
  runs24h: z.object({
    byStatus: runCountsSchema,
    /** The newest failed runs (up to 20), linked to their traces in the web app. */
    failed: z.array(
      z.object({ id: z.uuid(), agentId: z.uuid(), errorCode: z.string().nullable(), createdAt: z.string() }),
    ),
  }),
  config: z.array(configEntrySchema),
});
export type SystemSummary = z.infer<typeof systemSummarySchema>;
