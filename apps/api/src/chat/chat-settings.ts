import { z } from 'zod';
import { type Env, readEnvVars } from '../config/config.schema.js';

/** Environment variables of the chat module (validated at boot, every problem listed). */
export const CHAT_ENV_VARS = [
  {
    name: 'CHAT_DAILY_TOKEN_QUOTA',
    default: '0',
    description: 'Tokens (prompt + completion) a user may spend on chat runs per UTC day; 0 = unlimited.',
  },
  {
    name: 'CHAT_RUNS_PER_MINUTE',
    default: '60',
    description:
      'Chat runs (messages, regenerations, /v1 completions) a user may start per minute; 0 = unlimited.',
  },
] as const;

export interface ChatSettings {
  dailyTokenQuota: number;
  runsPerMinute: number;
}
export const CHAT_SETTINGS = Symbol('CHAT_SETTINGS');

const schema = z.object({
  CHAT_DAILY_TOKEN_QUOTA: z.coerce.number().int().min(0),
  CHAT_RUNS_PER_MINUTE: z.coerce.number().int().min(0).max(100_000),
});

export function parseChatSettings(env: Env): ChatSettings {
  const data = readEnvVars(CHAT_ENV_VARS, schema, env);
  return {
    dailyTokenQuota: data.CHAT_DAILY_TOKEN_QUOTA,
    runsPerMinute: data.CHAT_RUNS_PER_MINUTE,
  };
}
