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
