import {
  nodePolicySchema,
  type ExecutorKind,
  type NodePolicy,
  type NodeTypeDescriptor,
  type WorkflowNode,
} from '@agenthub/contracts';
import { isAIMessage, isHumanMessage, isToolMessage, type BaseMessage } from '@langchain/core/messages';
import { isGraphInterrupt, type LangGraphRunnableConfig } from '@langchain/langgraph';
import { renderTemplate } from '../definition/template-render.util.js';
import { EngineError, errorCodeOf, errorMessageOf } from '../engine-error.js';
import type {
  Executor,
  NodeExecutionContext,
  NodeRef,
  NodeResult,
  WorkflowScope,
} from '../executors/executor.types.js';
import type { ModelMessage, ModelPort } from '../models/model.port.js';
import type { SsrfOptions } from '../security/ssrf.util.js';
import type { ToolSelection, ToolSet } from '../tools/tool.port.js';
import type { KnowledgePort } from '../knowledge/knowledge.port.js';
import { sinkFor } from '../run/run-sink.js';
import type { StreamChunk } from '../run/stream-chunk.js';
import { CURRENT_INPUT_MESSAGE_ID, type WorkflowState, type WorkflowUpdate } from './workflow-state.js';

export type ResolveModel = (node: NodeRef) => ModelPort | Promise<ModelPort>;
export type ResolveTools = (
  selection: ToolSelection[],
  context: { node: NodeRef; signal?: AbortSignal },
) => Promise<ToolSet>;

export interface NodeRunnerDeps {
  node: WorkflowNode;
  nodeType: NodeTypeDescriptor;
  config: Record<string, unknown>;
  executor: Executor;
  resolveModel: ResolveModel;
  resolveTools: ResolveTools;
  knowledge: KnowledgePort;
  ssrf?: SsrfOptions;
  defaultTimeoutMs?: number;
  codeOutputMaxBytes?: number;
}

export function readPolicy(config: Record<string, unknown>): NodePolicy {
  const parsed = nodePolicySchema.safeParse({
    timeoutMs: config.timeoutMs,
    retry: config.retry,
    onError: config.onError,
  });
  return parsed.success ? parsed.data : {};
}

export function historyFromMessages(messages: BaseMessage[]): ModelMessage[] {
  const out: ModelMessage[] = [];
  for (const m of messages) {
    if (m.id === CURRENT_INPUT_MESSAGE_ID) continue;
    const content = typeof m.content === 'string' ? m.content : m.text;
    if (isHumanMessage(m)) out.push({ role: 'user', content });
    else if (isAIMessage(m)) out.push({ role: 'assistant', content });
    else if (isToolMessage(m)) continue;
    else if (m.getType() === 'system') out.push({ role: 'system', content });
  }
  return out;
}

/**
 * Builds the LangGraph node function for one workflow node: renders nothing itself, but wraps
 * the executor with events, timeout, retry and the onError policy.
 */
export function createNodeFunction(deps: NodeRunnerDeps) {
  const { node, nodeType, config, executor } = deps;
  const policy = readPolicy(config);
  const maxAttempts = policy.retry?.maxAttempts ?? 1;
  const backoffMs = policy.retry?.backoffMs ?? 0;
  const timeoutMs = policy.timeoutMs ?? deps.defaultTimeoutMs;
  const ref: NodeRef = {
    id: node.id,
    type: node.type,
    kind: nodeType.kind as ExecutorKind,
    services: node.services ?? {},
  };

  return async (state: WorkflowState, runConfig: LangGraphRunnableConfig): Promise<WorkflowUpdate> => {
    const sink = sinkFor(runConfig.configurable);
    const write = sink ?? ((chunk: StreamChunk) => runConfig.writer?.(chunk));
    const runSignal = runConfig.signal;
    const scope: WorkflowScope = { input: state.input, vars: state.vars, nodes: state.nodes };
    const started = performance.now();
    write({ type: 'node', data: { nodeId: node.id, type: node.type, status: 'started' } });

    let lastError: unknown;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const attemptController = new AbortController();
      const onRunAbort = () => attemptController.abort(runSignal?.reason);
      if (runSignal?.aborted) onRunAbort();
      runSignal?.addEventListener('abort', onRunAbort, { once: true });
      let timer: NodeJS.Timeout | undefined;
      try {
        const ctx: NodeExecutionContext = {
          node,
          nodeType,
          config,
          scope,
          history: historyFromMessages(state.messages),
          signal: attemptController.signal,
          ssrf: deps.ssrf,
          codeOutputMaxBytes: deps.codeOutputMaxBytes,
          emit: write,
          reportUsage: (usage) => write({ type: '__usage', nodeId: node.id, usage }),
          render: (template) => renderTemplate(template, scope as unknown as Record<string, unknown>),
          model: async () => deps.resolveModel(ref),
          tools: (selection) => deps.resolveTools(selection, { node: ref, signal: attemptController.signal }),
          searchKnowledge: (request) =>
            deps.knowledge.search(request, { node: ref, signal: attemptController.signal }),
        };
        const work = executor(ctx);
        const result = timeoutMs
          ? await Promise.race([
              work,
              new Promise<never>((_, reject) => {
                timer = setTimeout(() => {
                  const err = new EngineError(
                    'node_timeout',
                    `Node "${node.id}" timed out after ${timeoutMs} ms`,
                  );
                  attemptController.abort(err);
                  reject(err);
                }, timeoutMs);
              }),
            ])
          : await work;
        write({
          type: 'node',
          data: {
            nodeId: node.id,
            type: node.type,
            status: 'finished',
            durationMs: elapsed(started),
            attempt,
          },
        });
        const update: WorkflowUpdate = { nodes: { [node.id]: { output: result.output ?? null } } };
        if (result.messages?.length) update.messages = result.messages;
        return update;
      } catch (err) {
        // interrupt() works by throwing; it must reach LangGraph untouched.
        if (isGraphInterrupt(err)) throw err;
        lastError = err;
        if (runSignal?.aborted) throw err;
        if (attempt < maxAttempts && backoffMs > 0) await delay(backoffMs * 2 ** (attempt - 1), runSignal);
      } finally {
        if (timer) clearTimeout(timer);
        runSignal?.removeEventListener('abort', onRunAbort);
      }
    }

    const code = errorCodeOf(lastError, 'node_failed');
    const error = { code, message: errorMessageOf(lastError) };
    write({
      type: 'node',
      data: {
        nodeId: node.id,
        type: node.type,
        status: 'failed',
        durationMs: elapsed(started),
        attempt: maxAttempts,
        error,
      },
    });
    if (policy.onError === 'continue' || policy.onError === 'branch') {
      const result: NodeResult = { output: null, error };
      return { nodes: { [node.id]: result } };
    }
    throw new NodeFailedError(node.id, code, error.message, lastError);
  };
}

/** A node failed for good (onError: fail); carries the node id for the `error` event. */
export class NodeFailedError extends EngineError {
  constructor(
    readonly nodeId: string,
    code: string,
    message: string,
    override readonly cause?: unknown,
  ) {
    super(code, `Node "${nodeId}" failed: ${message}`);
    this.name = 'NodeFailedError';
  }
}

function elapsed(start: number): number {
  return Math.round((performance.now() - start) * 100) / 100;
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
