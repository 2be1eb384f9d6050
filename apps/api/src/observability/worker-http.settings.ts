import { z } from 'zod';
import { type Env, readEnvVars } from '../config/config.schema.js';

/** Environment of the worker's own small HTTP listener (worker.ts; the API serves these on PORT). */
export const WORKER_HTTP_ENV_VARS = [
  {
    name: 'WORKER_METRICS_PORT',
    // 9464: the port Prometheus exporters of OpenTelemetry SDKs use, so scrape configs expect it.
    default: '9464',
    description:
      'Worker processes (bullmq) only: port of their HTTP listener serving /metrics (Prometheus, the same run/node/token metrics the API exposes) and /health, bound to HOST; 0 = off.',
  },
] as const;

export interface WorkerHttpSettings {
  /** 0 = no listener. */
  metricsPort: number;
}

const schema = z.object({
  WORKER_METRICS_PORT: z.coerce.number().int().min(0).max(65_535),
});

export function parseWorkerHttpSettings(env: Env): WorkerHttpSettings {
  return { metricsPort: readEnvVars(WORKER_HTTP_ENV_VARS, schema, env).WORKER_METRICS_PORT };
}
