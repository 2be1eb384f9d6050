import { z } from 'zod';
import { type Env, readEnvVars } from '../config/config.schema.js';

/** Environment variables of the queue module, validated once at boot (every problem listed). */
export const QUEUE_ENV_VARS = [
  {
    name: 'RUN_CONCURRENCY',
    default: '8',
    description: 'Runs executed at once per process (API in inline mode, each worker in bullmq mode).',
  },
  {
    name: 'RUN_TIMEOUT_MS',
    default: '600000',
    description:
      'Per-job timeout: the handler is aborted and the run reported lost with reason timeout (shared with the runtime).',
  },
  {
    name: 'QUEUE_LOCK_DURATION_MS',
    default: '30000',
    description: 'BullMQ job lock: a worker that stops renewing it (crashed) loses the job after this long.',
  },
  {
    name: 'QUEUE_STALLED_INTERVAL_MS',
    default: '30000',
    description:
      'How often stalled jobs are looked for; a run whose worker died ends as worker_lost within about lock + 2 intervals.',
  },
  {
    name: 'QUEUE_SHUTDOWN_GRACE_MS',
    default: '5000',
    description:
      'On SIGTERM, how long active runs may finish before they are handed back to the queue (keep below SHUTDOWN_TIMEOUT).',
  },
  {
    name: 'RUN_SWEEP_INTERVAL_MS',
    default: '60000',
    description:
      'How often runs recorded as running whose worker is gone (no active job) are failed with worker_lost and their streams ended.',
  },
  {
    name: 'RUN_EVENTS_BUFFER_MAX',
    default: '10000',
    description:
      'Events a process keeps in memory while Redis is unreachable (all runs together); past it the runs publishing fail with event_buffer_full.',
  },
  {
    name: 'RUN_EVENTS_MAX_LEN',
    default: '10000',
    description: 'Events kept per run (Redis stream MAXLEN ~, in-memory cap).',
  },
  {
    name: 'RUN_EVENTS_TTL_SEC',
    default: '3600',
    description: 'Redis: how long a finished run can still be replayed.',
  },
  {
    name: 'RUN_EVENTS_MEMORY_TTL_SEC',
    default: '300',
    description: 'Inline mode: how long a finished run’s in-memory events are kept.',
  },
] as const;

export interface QueueSettings {
  concurrency: number;
  runTimeoutMs: number;
  lockDurationMs: number;
  stalledIntervalMs: number;
  shutdownGraceMs: number;
  sweepIntervalMs: number;
  /** Events held in memory while Redis is unreachable (see RedisRunEventBus). */
  eventsBufferMax: number;
  /** After aborting a handler, how long to wait for it before freeing its slot anyway. */
  abortGraceMs: number;
  eventsMaxLen: number;
  eventsTtlSec: number;
  memoryEventsTtlSec: number;
}
export const QUEUE_SETTINGS = Symbol('QUEUE_SETTINGS');

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const schema = z.object({
  RUN_CONCURRENCY: int(1, 1000),
  RUN_TIMEOUT_MS: int(1000, 24 * 3600 * 1000),
  QUEUE_LOCK_DURATION_MS: int(500, 3600 * 1000),
  QUEUE_STALLED_INTERVAL_MS: int(100, 3600 * 1000),
  QUEUE_SHUTDOWN_GRACE_MS: int(0, 3600 * 1000),
  RUN_SWEEP_INTERVAL_MS: int(1000, 3600 * 1000),
  RUN_EVENTS_BUFFER_MAX: int(10, 10_000_000),
  RUN_EVENTS_MAX_LEN: int(100, 1_000_000),
  RUN_EVENTS_TTL_SEC: int(1, 30 * 24 * 3600),
  RUN_EVENTS_MEMORY_TTL_SEC: int(1, 24 * 3600),
});

export function parseQueueSettings(env: Env): QueueSettings {
  const data = readEnvVars(QUEUE_ENV_VARS, schema, env);
  const e = data;
  return {
    concurrency: e.RUN_CONCURRENCY,
    runTimeoutMs: e.RUN_TIMEOUT_MS,
    lockDurationMs: e.QUEUE_LOCK_DURATION_MS,
    stalledIntervalMs: e.QUEUE_STALLED_INTERVAL_MS,
    shutdownGraceMs: e.QUEUE_SHUTDOWN_GRACE_MS,
    sweepIntervalMs: e.RUN_SWEEP_INTERVAL_MS,
    eventsBufferMax: e.RUN_EVENTS_BUFFER_MAX,
    // Handlers must react to their signal quickly; keeps grace + this below SHUTDOWN_TIMEOUT (10 s).
    abortGraceMs: 3000,
    eventsMaxLen: e.RUN_EVENTS_MAX_LEN,
    eventsTtlSec: e.RUN_EVENTS_TTL_SEC,
    memoryEventsTtlSec: e.RUN_EVENTS_MEMORY_TTL_SEC,
  };
}
