import type { RunEvent, TokenUsage } from '@agenthub/contracts';
import { BUILTIN_EXECUTORS, type Executor, type ExecutorRegistry } from '@agenthub/engine';
import { serviceConfigIdOf } from './model-port.factory.js';
import { redactSecrets } from '../common/redact.util.js';

/**
 * Private event a wrapped executor emits right before its node's `finished`/`failed` event, so the
 * trace can store what the node saw and produced (engine node events carry neither). It travels
 * through the engine's per-run event sink and is never sent to clients.
 */
export const STEP_CAPTURE_EVENT = '__agenthub_step_capture';

export interface StepCapture {
  nodeId: string;
  input: unknown;
  /** Absent when the executor threw (failure, or the human-input pause). */
  output?: unknown;
  usage: TokenUsage;
  /** The service config of the model the node called (its last one); absent when it called none. */
  serviceConfigId?: string;
}

export interface StepCaptureEvent {
  type: typeof STEP_CAPTURE_EVENT;
  data: StepCapture;
}

export function isStepCaptureEvent(event: { type: string }): event is StepCaptureEvent {
  return event.type === STEP_CAPTURE_EVENT;
}

function withStepCapture(executor: Executor): Executor {
  return async (ctx) => {
    const usage: TokenUsage = { promptTokens: 0, completionTokens: 0, costUsd: 0 };
    const input = { input: ctx.scope.input, vars: ctx.scope.vars, config: redactSecrets(ctx.config) };
    let serviceConfigId: string | null = null;
    const emit = (output?: unknown) =>
      ctx.emit({
        type: STEP_CAPTURE_EVENT,
        data: {
          nodeId: ctx.node.id,
          input,
          usage,
          ...(output !== undefined ? { output } : {}),
          ...(serviceConfigId ? { serviceConfigId } : {}),
        },
      } as unknown as RunEvent);
    const result = await executor({
      ...ctx,
      // Resolved when the node asks for its model: the config it really used (default included).
      model: async () => {
        const port = await ctx.model();
        serviceConfigId = serviceConfigIdOf(port) ?? serviceConfigId;
        return port;
      },
      reportUsage: (u) => {
        usage.promptTokens += u.promptTokens;
        usage.completionTokens += u.completionTokens;
        usage.costUsd += u.costUsd ?? 0;
        ctx.reportUsage(u);
      },
    }).catch((err: unknown) => {
      // Also on interrupt(): it throws, and must reach LangGraph untouched.
      emit();
      throw err;
    });
    emit(redactSecrets(result.output ?? null));
    return result;
  };
}

/** The built-in executors, each wrapped to report its step's input, output and usage. */
export const CAPTURING_EXECUTORS: ExecutorRegistry = Object.fromEntries(
  Object.entries(BUILTIN_EXECUTORS).map(([kind, executor]) => [kind, withStepCapture(executor)]),
) as ExecutorRegistry;
