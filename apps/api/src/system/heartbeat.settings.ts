import { z } from 'zod';
import { type Env, readEnvVars } from '../config/config.schema.js';

export const HEARTBEAT_ENV_VARS = [
  {
    name: 'PLATFORM_HEARTBEAT_INTERVAL_SEC',
    default: '15',
    description:
      'Seconds between the heartbeats every API and worker process writes to `platform_processes` (shown on the admin system page; a process is down after 3 intervals without one). 1–300.',
  },
] as const;

export interface HeartbeatSettings {
  intervalSec: number;
}

const schema = z.object({ PLATFORM_HEARTBEAT_INTERVAL_SEC: z.coerce.number().int().min(1).max(300) });

export function parseHeartbeatSettings(env: Env): HeartbeatSettings {
  return { intervalSec: readEnvVars(HEARTBEAT_ENV_VARS, schema, env).PLATFORM_HEARTBEAT_INTERVAL_SEC };
}
