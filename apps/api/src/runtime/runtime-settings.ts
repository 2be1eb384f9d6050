import { z } from 'zod';
import { type Env, readEnvVars } from '../config/config.schema.js';

/** Environment variables of the runtime module (validated once at boot, like the core config). */
export const RUNTIME_ENV_VARS = [
  {
    name: 'RUN_TIMEOUT_MS',
    default: '600000',
    description: 'Longest a run may execute before it is stopped and marked failed (error code timeout).',
  },
  {
    name: 'CHECKPOINT_RETENTION_DAYS',
    default: '7',
    description:
      'Days the LangGraph checkpoints of finished runs are kept (a periodic job deletes older ones; paused runs keep theirs).',
  },
  {
    name: 'CHECKPOINT_RETENTION_INTERVAL_MS',
    default: '86400000',
    description:
      'How often the checkpoint retention job runs, once per cluster (and once at boot); 0 turns it off.',
  },
  {
    name: 'CODE_OUTPUT_MAX_BYTES',
    default: '1048576',
    description:
      'Largest result of a code node, in bytes of JSON; a larger one fails the node with code_output_too_large.',
  },
] as const;

export interface RuntimeSettings {
  runTimeoutMs: number;
  checkpointRetentionDays: number;
  /** The `checkpointRetention` periodic job's interval (queue/jobs.ts); 0 = off. */
  checkpointRetentionIntervalMs: number;
  codeOutputMaxBytes: number;
}
export const RUNTIME_SETTINGS = Symbol('RUNTIME_SETTINGS');

const schema = z.object({
  RUN_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .max(24 * 3600 * 1000),
  CHECKPOINT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650),
  CHECKPOINT_RETENTION_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 3600 * 1000),
  CODE_OUTPUT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024),
});

/** Reads the runtime variables, listing every problem at once (fail fast at boot). */
export function parseRuntimeSettings(env: Env): RuntimeSettings {
  const data = readEnvVars(RUNTIME_ENV_VARS, schema, env);
  return {
    runTimeoutMs: data.RUN_TIMEOUT_MS,
    checkpointRetentionDays: data.CHECKPOINT_RETENTION_DAYS,
    checkpointRetentionIntervalMs: data.CHECKPOINT_RETENTION_INTERVAL_MS,
    codeOutputMaxBytes: data.CODE_OUTPUT_MAX_BYTES,
  };
}
