import { z } from 'zod';
import { ConfigError, type Env } from '../config/config.schema.js';

/** Environment variables of the runtime module (validated once at boot, like the core config). */
export const RUNTIME_ENV_VARS = [
  {
    name: 'RUN_TIMEOUT_MS',
    default: '600000',
    description: 'Longest a run may execute before it is stopped and marked failed (run_timeout).',
  },
  {
    name: 'CHECKPOINT_RETENTION_DAYS',
    default: '7',
    description:
      'Days the LangGraph checkpoints of finished runs are kept (a daily job deletes older ones; paused runs keep theirs).',
  },
] as const;

export interface RuntimeSettings {
  runTimeoutMs: number;
  checkpointRetentionDays: number;
}
export const RUNTIME_SETTINGS = Symbol('RUNTIME_SETTINGS');

const schema = z.object({
  RUN_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .max(24 * 3600 * 1000),
  CHECKPOINT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650),
});

/** Reads the runtime variables, listing every problem at once (fail fast at boot). */
export function parseRuntimeSettings(env: Env): RuntimeSettings {
  const raw: Record<string, string> = {};
  for (const spec of RUNTIME_ENV_VARS) {
    const given = env[spec.name];
    raw[spec.name] = given === undefined || given.trim() === '' ? spec.default : given;
  }
  const result = schema.safeParse(raw);
  if (!result.success)
    throw new ConfigError(
      result.error.issues.map((i) => {
        const name = i.path.join('.');
        return `${name}: ${i.message} (got ${JSON.stringify(raw[name])})`;
      }),
    );
  return {
    runTimeoutMs: result.data.RUN_TIMEOUT_MS,
    checkpointRetentionDays: result.data.CHECKPOINT_RETENTION_DAYS,
  };
}
