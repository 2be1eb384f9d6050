import { z } from 'zod';
import { retrievedChunkSchema } from './knowledge.js';

/**
 * Run events (ARCHITECTURE.md section 6). On the wire each one is an SSE frame:
 * `id: <monotonic per run>`, `event: <type>`, `data: <JSON of data>`.
 * In code they travel as `{ type, data }` so the SSE framing is a direct mapping.
 */

export const RUN_EVENT_TYPES = [
  'run',
  'node',
  'thought',
  'message',
  'tool',
  'sources',
  'interrupt',
  'error',
  'done',
] as const;
export type RunEventType = (typeof RUN_EVENT_TYPES)[number];

export const runStatusSchema = z.enum(['completed', 'failed', 'cancelled', 'paused']);
/** Final status carried by `done`: `paused` means waiting for human input (resume the run). */
export type RunFinalStatus = z.infer<typeof runStatusSchema>;

export const tokenUsageSchema = z.object({
  promptTokens: z.number().int().min(0),
  completionTokens: z.number().int().min(0),
  costUsd: z.number().min(0).default(0),
});
export type TokenUsage = z.infer<typeof tokenUsageSchema>;

/**
 * One answer a `human_input` node offers. `value` is what the run continues with (the node's
 * output); `label` is the button text (defaults to the value).
 */
export const humanInputChoiceSchema = z.object({
  value: z.string().min(1).max(200),
  label: z.string().min(1).max(200),
});
export type HumanInputChoice = z.infer<typeof humanInputChoiceSchema>;

export const runEventDataSchemas = {
  run: z.object({
    runId: z.string(),
    chatId: z.string().optional(),
    messageId: z.string().optional(),
    agentVersion: z.string().optional(),
    /**
     * A summary: the run's events were no longer buffered, so what follows (its answer as one
     * `message`, then `done`) is rebuilt from the database and replaces what a client showed.
     */
    summary: z.boolean().optional(),
  }),
  node: z.object({
    nodeId: z.string(),
    type: z.string(),
    status: z.enum(['started', 'finished', 'failed']),
    durationMs: z.number().min(0).optional(),
    attempt: z.number().int().min(1).optional(),
    error: z.object({ code: z.string(), message: z.string() }).optional(),
  }),
  thought: z.object({ nodeId: z.string(), content: z.string() }),
  message: z.object({ delta: z.string(), nodeId: z.string().optional() }),
  tool: z.object({
    nodeId: z.string(),
    name: z.string(),
    args: z.unknown(),
    status: z.enum(['started', 'finished', 'failed']),
    result: z.unknown().optional(),
  }),
  /** Passages a `retrieval` node found; the chat shows them as numbered citations under the answer. */
  sources: z.object({ nodeId: z.string(), chunks: z.array(retrievedChunkSchema) }),
  interrupt: z.object({
    nodeId: z.string(),
    prompt: z.string(),
    interruptId: z.string().optional(),
    /** Answers offered as buttons; absent when the node has none (older events never have them). */
    choices: z.array(humanInputChoiceSchema).optional(),
    /** With `choices`: whether a reply that matches none of them is accepted (default true). */
    allowFreeText: z.boolean().optional(),
  }),
  error: z.object({ code: z.string(), message: z.string(), nodeId: z.string().optional() }),
  done: z.object({
    runId: z.string(),
    messageId: z.string().optional(),
    status: runStatusSchema,
    usage: tokenUsageSchema,
    /** Per-node usage, keyed by the workflow's node id. */
    nodeUsage: z.record(z.string(), tokenUsageSchema).optional(),
    /** The final answer text (concatenated `message` deltas), for non-streaming callers. */
    output: z.string().optional(),
  }),
} as const;

/**
 * Ids kept free after each `done` (id L): a summary stream numbers its events L+1 … L+4 (at most
 * `run`, `message`, `interrupt` or `error`, `done`), and a run that goes on after that `done`
 * (resumed, retried, cancelled while paused) publishes from L+5, so the two never collide.
 */
export const RUN_SUMMARY_RESERVED_IDS = 4;

export type RunEventData<T extends RunEventType> = z.infer<(typeof runEventDataSchemas)[T]>;

export const runEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('run'), data: runEventDataSchemas.run }),
  z.object({ type: z.literal('node'), data: runEventDataSchemas.node }),
  z.object({ type: z.literal('thought'), data: runEventDataSchemas.thought }),
  z.object({ type: z.literal('message'), data: runEventDataSchemas.message }),
  z.object({ type: z.literal('tool'), data: runEventDataSchemas.tool }),
  z.object({ type: z.literal('sources'), data: runEventDataSchemas.sources }),
  z.object({ type: z.literal('interrupt'), data: runEventDataSchemas.interrupt }),
  z.object({ type: z.literal('error'), data: runEventDataSchemas.error }),
  z.object({ type: z.literal('done'), data: runEventDataSchemas.done }),
]);
export type RunEvent = z.infer<typeof runEventSchema>;
export type RunEventOf<T extends RunEventType> = Extract<RunEvent, { type: T }>;

/** Error codes the engine puts in `error` events and failed `node` events. */
export const RunErrorCodes = {
  recursionLimit: 'recursion_limit',
  nodeTimeout: 'node_timeout',
  nodeFailed: 'node_failed',
  cancelled: 'cancelled',
  modelError: 'model_error',
  toolError: 'tool_error',
  toolNotFound: 'tool_not_found',
  classifierNoLabel: 'classifier_no_label',
  conditionNoMatch: 'condition_no_match',
  invalidResume: 'invalid_resume',
  internal: 'internal_error',
  /** The run took longer than `RUN_TIMEOUT_MS` (the API's run service or the queue's job timeout). */
  timeout: 'timeout',
  /** The worker executing the run died (BullMQ stalled job). */
  workerLost: 'worker_lost',
} as const;
