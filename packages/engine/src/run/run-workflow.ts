import type { ChatTurn, RunEvent, RunEventData, RunFinalStatus, TokenUsage } from '@agenthub/contracts';
import { AIMessage, HumanMessage, SystemMessage, type BaseMessage } from '@langchain/core/messages';
import { Command, GraphRecursionError, isGraphInterrupt } from '@langchain/langgraph';
import type { CompiledWorkflow } from '../compiler/compile-workflow.js';
import { AsyncQueue, registerSink, RUN_SINK_KEY } from './run-sink.js';
import type { StreamChunk } from './stream-chunk.js';
import { CURRENT_INPUT_MESSAGE_ID } from '../compiler/workflow-state.js';
import { errorCodeOf, errorMessageOf } from '../engine-error.js';

export interface RunWorkflowOptions {
  /** The user's message for this turn (ignored when resuming or retrying). */
  input?: string;
  /** Earlier chat turns, oldest first (the thread holds one run, not the whole chat). */
  history?: ChatTurn[];
  /** Checkpoint thread; the API uses the run id. */
  threadId: string;
  /** Extra/overriding variables (defaults come from the definition). */
  vars?: Record<string, unknown>;
  signal?: AbortSignal;
  /**
   * Continue a paused run with the user's reply. A bare value answers every pending interrupt;
   * `{ [interruptId]: value }` answers several (fan-out) one by one.
   */
  resume?: { value: unknown };
  /** Re-run the thread from its last checkpoint (after a failure): finished nodes do not run again. */
  retry?: boolean;
  /** Copied into `done`. */
  runId?: string;
  messageId?: string;
}

/** Turns chat history and input into the graph's initial state. */
export function initialState(compiled: CompiledWorkflow, options: RunWorkflowOptions) {
  const defaults: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(compiled.definition.variables))
    if (v.default !== undefined) defaults[name] = v.default;
  const messages: BaseMessage[] = (options.history ?? []).map((t) =>
    t.role === 'user'
      ? new HumanMessage(t.content)
      : t.role === 'assistant'
        ? new AIMessage(t.content)
        : new SystemMessage(t.content),
  );
  const input = options.input ?? '';
  messages.push(new HumanMessage({ content: input, id: CURRENT_INPUT_MESSAGE_ID }));
  return { messages, input, vars: { ...defaults, ...(options.vars ?? {}) }, nodes: {} };
}

function addUsage(
  into: TokenUsage,
  usage: { promptTokens: number; completionTokens: number; costUsd?: number },
): void {
  into.promptTokens += usage.promptTokens;
  into.completionTokens += usage.completionTokens;
  into.costUsd = Math.round((into.costUsd + (usage.costUsd ?? 0)) * 1e8) / 1e8;
}

interface InterruptLike {
  id?: string;
  value?: unknown;
}

/**
 * Runs a compiled workflow and yields AgentHub run events (ARCHITECTURE.md section 6).
 * Always ends with exactly one `done`, also after errors and cancellation.
 */
export async function* runWorkflow(
  compiled: CompiledWorkflow,
  options: RunWorkflowOptions,
): AsyncGenerator<RunEvent> {
  const usage: TokenUsage = { promptTokens: 0, completionTokens: 0, costUsd: 0 };
  const nodeUsage: Record<string, TokenUsage> = {};
  let output = '';
  let status: RunFinalStatus = 'completed';

  let graphInput: unknown;
  if (options.resume) graphInput = new Command({ resume: options.resume.value });
  else if (options.retry) graphInput = null;
  else graphInput = initialState(compiled, options);

  type Item =
    | { kind: 'chunk'; chunk: StreamChunk }
    | { kind: 'interrupts'; interrupts: InterruptLike[] }
    | { kind: 'error'; error: unknown };
  const queue = new AsyncQueue<Item>();
  // A consumer that stops iterating early (client gone) cancels the run instead of leaking it.
  const internal = new AbortController();
  const onOuterAbort = () => internal.abort(options.signal?.reason);
  if (options.signal?.aborted) onOuterAbort();
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const signal = internal.signal;
  const sink = registerSink((chunk) => queue.push({ kind: 'chunk', chunk }));
  // The graph runs in the background; node events and LangGraph updates meet in one queue.
  const pump = (async () => {
    try {
      if ((options.resume || options.retry) && !compiled.hasCheckpointer) {
        throw Object.assign(new Error('Resuming or retrying a run needs a checkpointer'), {
          code: 'invalid_resume',
        });
      }
      const stream = await compiled.graph.stream(graphInput as never, {
        configurable: { thread_id: options.threadId, [RUN_SINK_KEY]: sink.token },
        streamMode: 'updates',
        recursionLimit: compiled.maxSteps,
        signal,
        ...(compiled.hasCheckpointer ? { durability: compiled.durability } : {}),
      });
      for await (const chunk of stream as AsyncIterable<Record<string, unknown>>) {
        const interrupts = chunk['__interrupt__'] as InterruptLike[] | undefined;
        if (interrupts?.length) queue.push({ kind: 'interrupts', interrupts });
      }
    } catch (error) {
      queue.push({ kind: 'error', error });
    } finally {
      sink.dispose();
      queue.close();
    }
  })();

  let finished = false;
  try {
    for await (const item of queue.drain()) {
      if (item.kind === 'chunk') {
        const c = item.chunk;
        if (c.type === '__usage') {
          addUsage(usage, c.usage);
          addUsage((nodeUsage[c.nodeId] ??= { promptTokens: 0, completionTokens: 0, costUsd: 0 }), c.usage);
          continue;
        }
        if (c.type === 'message') output += c.data.delta;
        yield c;
      } else if (item.kind === 'interrupts') {
        status = 'paused';
        for (const intr of item.interrupts) yield { type: 'interrupt', data: interruptData(intr) };
      } else {
        const err = item.error;
        if (options.signal?.aborted) {
          status = 'cancelled';
          yield { type: 'error', data: { code: 'cancelled', message: 'The run was cancelled' } };
        } else if (isGraphInterrupt(err)) {
          status = 'paused';
        } else {
          status = 'failed';
          yield { type: 'error', data: toErrorData(err, compiled.maxSteps) };
        }
      }
    }
    await pump;
    if (status === 'completed' && options.signal?.aborted) status = 'cancelled';
    yield {
      type: 'done',
      data: {
        runId: options.runId ?? options.threadId,
        messageId: options.messageId,
        status,
        usage,
        nodeUsage,
        output,
      },
    };
    finished = true;
  } finally {
    options.signal?.removeEventListener('abort', onOuterAbort);
    if (!finished) internal.abort(new Error('The run stream was closed by its consumer'));
  }
}

function toErrorData(err: unknown, maxSteps: number): { code: string; message: string; nodeId?: string } {
  if (err instanceof GraphRecursionError || (err as { name?: string })?.name === 'GraphRecursionError') {
    return {
      code: 'recursion_limit',
      message: `The run stopped after the step limit of ${maxSteps} steps (is there an endless loop?)`,
    };
  }
  const nodeId = (err as { nodeId?: unknown })?.nodeId;
  return {
    code: errorCodeOf(err, 'internal_error'),
    message: errorMessageOf(err),
    ...(typeof nodeId === 'string' ? { nodeId } : {}),
  };
}

/** Drains a run into its events, final status, answer text and usage (non-streaming callers, tests). */
export async function collectRun(events: AsyncIterable<RunEvent>) {
  const all: RunEvent[] = [];
  for await (const e of events) all.push(e);
  const done = all.find((e): e is Extract<RunEvent, { type: 'done' }> => e.type === 'done');
  return { events: all, done: done?.data, text: done?.data.output ?? '' };
}

/** Pending human-input prompts of a paused run (e.g. to show them again after a restart). */
export async function getPendingInterrupts(
  compiled: CompiledWorkflow,
  threadId: string,
): Promise<Array<RunEventData<'interrupt'>>> {
  if (!compiled.hasCheckpointer) return [];
  const state = await compiled.graph.getState({ configurable: { thread_id: threadId } });
  return state.tasks.flatMap((task) => (task.interrupts ?? []).map(interruptData));
}

/** The `interrupt` event of a pending LangGraph interrupt raised by the `human_input` executor. */
function interruptData(intr: InterruptLike): RunEventData<'interrupt'> {
  const value = (intr.value ?? {}) as Partial<RunEventData<'interrupt'>>;
  return {
    nodeId: value.nodeId ?? '',
    prompt: value.prompt ?? '',
    interruptId: intr.id,
    ...(value.choices?.length ? { choices: value.choices, allowFreeText: value.allowFreeText ?? true } : {}),
  };
}
