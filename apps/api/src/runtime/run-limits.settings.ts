import { z } from 'zod';
import { type Env, readEnvVars } from '../config/config.schema.js';

/**
 * Per-user run limits (validated at boot, every problem listed). The names keep their `CHAT_`
 * prefix from when only chats were limited; they apply to every run a user starts.
 */
export const RUN_LIMITS_ENV_VARS = [
  {
    name: 'CHAT_DAILY_TOKEN_QUOTA',
    default: '0',
    description:
      'Tokens (prompt + completion) a user may spend on runs (chat turns, /v1 completions, draft test runs) per UTC day; 0 = unlimited.',
  },
  {
    name: 'CHAT_RUNS_PER_MINUTE',
    default: '60',
    description:
      'Runs (messages, regenerations, /v1 completions, draft test runs) a user may start per minute; 0 = unlimited.',
  },
] as const;

export interface RunLimitsSettings {
  dailyTokenQuota: number;
  runsPerMinute: number;
}
export const RUN_LIMITS_SETTINGS = Symbol('RUN_LIMITS_SETTINGS');

const schema = z.object({
  CHAT_DAILY_TOKEN_QUOTA: z.coerce.number().int().min(0),
  CHAT_RUNS_PER_MINUTE: z.coerce.number().int().min(0).max(100_000),
});

export function parseRunLimitsSettings(env: Env): RunLimitsSettings {
  const data = readEnvVars(RUN_LIMITS_ENV_VARS, schema, env);
  return {
    dailyTokenQuota: data.CHAT_DAILY_TOKEN_QUOTA,
    runsPerMinute: data.CHAT_RUNS_PER_MINUTE,
  };
}
