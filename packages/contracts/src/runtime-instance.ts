import { z } from 'zod';
import { agentSlugSchema } from './agent.js';
import { pageOf, pageQuerySchema } from './pagination.js';

/**
 * Runtime instances: `agenthub serve` processes that report to the platform with heartbeats
 * (`POST /api/runtime-instances/heartbeat`, API key of a developer or admin). An instance is
 * `down` once no heartbeat came for {@link RUNTIME_INSTANCE_DOWN_AFTER_INTERVALS} of its own
 * intervals.
 */
export const RUNTIME_INSTANCE_DOWN_AFTER_INTERVALS = 3;

export const runtimeInstanceIdSchema = z
  .string()
  .trim()
  .min(1, 'instanceId is required')
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'instanceId uses letters, digits and . _ : -');

export const heartbeatRequestSchema = z.object({
  instanceId: runtimeInstanceIdSchema,
  agentSlug: agentSlugSchema.optional(),
  /** The served agent's version (semver or any label). */
  version: z.string().trim().min(1).max(64),
  host: z.string().trim().min(1).max(255),
  uptimeSec: z
    .number()
    .int()
    .min(0)
    .max(10 * 365 * 24 * 3600),
  activeSessions: z.number().int().min(0).max(100_000_000),
  memoryMb: z.number().min(0).max(10_000_000),
  /** Seconds until the next heartbeat; the instance is down after 3 of them without one. */
  intervalSec: z.number().int().min(1).max(3600).default(30),
});
export type HeartbeatRequest = z.infer<typeof heartbeatRequestSchema>;

export const runtimeInstanceStatusSchema = z.enum(['up', 'down']);
export type RuntimeInstanceStatus = z.infer<typeof runtimeInstanceStatusSchema>;

export const runtimeInstanceSchema = z.object({
  id: z.uuid(),
  ownerId: z.uuid(),
  instanceId: z.string(),
  agentSlug: z.string().nullable(),
  version: z.string(),
  host: z.string(),
  uptimeSec: z.number().int(),
  activeSessions: z.number().int(),
  memoryMb: z.number(),
  intervalSec: z.number().int(),
  status: runtimeInstanceStatusSchema,
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
});
export type RuntimeInstance = z.infer<typeof runtimeInstanceSchema>;

export const runtimeInstancePageSchema = pageOf(runtimeInstanceSchema);

export const runtimeInstanceQuerySchema = pageQuerySchema.extend({
  status: runtimeInstanceStatusSchema.optional(),
  /** Admins only: one owner's instances. */
  ownerId: z.uuid().optional(),
});
export type RuntimeInstanceQuery = z.infer<typeof runtimeInstanceQuerySchema>;

export const RuntimeInstanceErrorCodes = { apiKeyRequired: 'api_key_required' } as const;
