import { z } from 'zod';
import { pageOf, pageQuerySchema } from './pagination.js';
import { tokenUsageSchema } from './events.js';

/**
 * Recorded runs (`workflow_executions`) and their per-node trace (`workflow_execution_steps`).
 * The live stream of a run is the SSE event union in events.ts; these are what is stored.
 */

/** `test`: a developer's draft test run; `chat`: a turn of a chat. */
export const runKindSchema = z.enum(['test', 'chat']);
export type RunKind = z.infer<typeof runKindSchema>;

/**
 * Lifecycle of a stored run. `queued` → `running` → one of the final states, or `paused`
 * (waiting for human input) → `running` again on resume. A run is never left `running`.
 */
export const RUN_STATES = ['queued', 'running', 'paused', 'completed', 'failed', 'cancelled'] as const;
export const runStateSchema = z.enum(RUN_STATES);
export type RunState = z.infer<typeof runStateSchema>;

export const runErrorInfoSchema = z.object({
  code: z.string(),
  message: z.string(),
  nodeId: z.string().optional(),
});
export type RunErrorInfo = z.infer<typeof runErrorInfoSchema>;

export const runSchema = z.object({
  id: z.uuid(),
  kind: runKindSchema,
  status: runStateSchema,
  agentId: z.uuid(),
  agentVersionId: z.uuid().nullable(),
  /** Semver of the version, or `draft` for draft test runs. */
  agentVersion: z.string().nullable(),
  chatId: z.uuid().nullable(),
  messageId: z.uuid().nullable(),
  userId: z.uuid(),
  /** The node running now, or where the run paused or failed. */
  currentNode: z.string().nullable(),
  nodeCounts: z.object({
    /** Nodes in the workflow definition. */
    total: z.number().int(),
    /** Node executions that finished (a node in a loop counts each time). */
    completed: z.number().int(),
    failed: z.number().int(),
  }),
  stepLimit: z.number().int(),
  error: runErrorInfoSchema.nullable(),
  usage: tokenUsageSchema,
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  pausedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
});
export type Run = z.infer<typeof runSchema>;

export const RUN_STEP_STATES = ['running', 'completed', 'failed', 'paused', 'cancelled'] as const;
export const runStepStateSchema = z.enum(RUN_STEP_STATES);
export type RunStepState = z.infer<typeof runStepStateSchema>;

export const runStepSchema = z.object({
  id: z.uuid(),
  runId: z.uuid(),
  /** Order of the step within the run (1, 2, …). */
  seq: z.number().int(),
  nodeId: z.string(),
  nodeType: z.string(),
  status: runStepStateSchema,
  attempt: z.number().int(),
  /**
   * What the node saw (`{ input, vars, config }`) and what it produced. Large values are stored
   * as `{ truncated: true, bytes, preview }`.
   */
  input: z.unknown().nullable(),
  output: z.unknown().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  durationMs: z.number().nullable(),
  usage: tokenUsageSchema,
  /**
   * The model the node called: its service config's name and the configured model name (never
   * the config's settings). null when the node called no model; `model` null when the config
   * names none (demo) or was deleted since (`serviceConfigName` null then too).
   */
  model: z
    .object({
      serviceConfigId: z.uuid(),
      serviceConfigName: z.string().nullable(),
      model: z.string().nullable(),
    })
    .nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type RunStep = z.infer<typeof runStepSchema>;
export type RunStepModel = NonNullable<RunStep['model']>;

export const runStepListSchema = pageOf(runStepSchema);
export type RunStepList = z.infer<typeof runStepListSchema>;

/** Reply to a run paused at a `human_input` node (`POST /runs/:id/resume`, chat). */
export const resumeRunRequestSchema = z.object({
  input: z.string().max(100_000),
});
export type ResumeRunRequest = z.infer<typeof resumeRunRequestSchema>;

/** `GET /agents/:id/runs`: the agent's recent runs (owner or admin), newest first. */
export const agentRunListQuerySchema = pageQuerySchema.extend({
  status: runStateSchema.optional(),
  kind: runKindSchema.optional(),
});
export type AgentRunListQuery = z.infer<typeof agentRunListQuerySchema>;

export const runListSchema = pageOf(runSchema);
export type RunList = z.infer<typeof runListSchema>;
