import { randomUUID } from 'node:crypto';
import type { ChatTurn, RunEvent } from '@agenthub/contracts';
import {
  BUILTIN_NODE_TYPES,
  compileWorkflow,
  createMcpToolResolver,
  createMemoryCheckpointer,
  createModel,
  DemoModel,
  type CompiledWorkflow,
  type ModelPort,
  type NodeRef,
  runWorkflow,
  type SsrfOptions,
} from '@agenthub/engine';
import type { LoadedManifest } from '../manifest/load-manifest.js';

export interface LocalAgentOptions {
  /** Outbound URL guard for model, MCP and HTTP-node calls; the CLI allows private networks by default. */
  ssrf?: SsrfOptions;
}

/** What a conversation needs between turns: its history and, when paused, the run to resume. */
export interface ConversationState {
  history: ChatTurn[];
  /** Thread of a run paused at a `human_input` node, and its prompt. */
  pending: { threadId: string; prompt: string } | null;
}

export const newConversation = (): ConversationState => ({ history: [], pending: null });

/**
 * An agent from a manifest, compiled once on the same engine the server uses, with no database:
 * models from the manifest's `models`, tools from its `mcpServers`, checkpoints in memory (so a
 * human-input pause resumes while this process lives).
 */
export class LocalAgent {
  private readonly ports = new Map<string, ModelPort>();
  private readonly compiled: CompiledWorkflow;
  /** Threads whose checkpoints this process holds (a paused run from before a restart cannot resume). */
  private readonly liveThreads = new Set<string>();

  constructor(
    readonly loaded: LoadedManifest,
    options: LocalAgentOptions = {},
  ) {
    const ssrf = options.ssrf ?? { allowPrivateNetwork: true };
    const servers = Object.fromEntries(
      Object.entries(loaded.manifest.mcpServers).map(([name, s]) => [
        name,
        { url: s.url, transport: s.transport, headers: s.headers },
      ]),
    );
    const mcp = createMcpToolResolver({ servers, ssrf });
    this.compiled = compileWorkflow(loaded.definition, {
      nodeTypes: BUILTIN_NODE_TYPES,
      checkpointer: createMemoryCheckpointer(),
      resolveModel: (node) => this.modelFor(node),
      resolveTools: (selection, { signal }) => mcp(selection, signal),
      ssrf,
      // Local runs keep their checkpoint until the process exits, so pauses can resume.
      durability: 'exit',
    });
  }

  /** The model name a node uses: its `services.llm` if that names a manifest model, else the default. */
  modelNameFor(node: Pick<NodeRef, 'services'>): string | null {
    const models = this.loaded.manifest.models;
    const chosen = node.services?.llm;
    if (chosen && chosen in models) return chosen;
    if (this.loaded.manifest.defaultModel) return this.loaded.manifest.defaultModel;
    if ('default' in models) return 'default';
    return Object.keys(models)[0] ?? null;
  }

  private modelFor(node: NodeRef): ModelPort {
    const name = this.modelNameFor(node);
    const key = name ?? '(demo)';
    let port = this.ports.get(key);
    if (!port) {
      const config = name ? this.loaded.manifest.models[name] : undefined;
      port =
        !config || config.provider === 'demo'
          ? new DemoModel({ tokenDelayMs: config?.provider === 'demo' ? config.tokenDelayMs : undefined })
          : createModel({
              kind: 'openai_compatible',
              baseURL: config.baseURL,
              apiKey: config.apiKey,
              model: config.model,
              temperature: config.temperature,
              maxTokens: config.maxTokens,
              streamUsage: config.streamUsage,
            });
      this.ports.set(key, port);
    }
    return port;
  }

  /**
   * One turn: a reply to a pending human-input prompt resumes that run, anything else starts a
   * new run with the history. Updates `state` when the run ends (history, pending pause).
   */
  async *send(state: ConversationState, text: string, signal?: AbortSignal): AsyncGenerator<RunEvent> {
    const resumable = state.pending && this.liveThreads.has(state.pending.threadId) ? state.pending : null;
    const threadId = resumable?.threadId ?? randomUUID();
    this.liveThreads.add(threadId);
    const systemPrompt = this.loaded.manifest.systemPrompt;
    const history: ChatTurn[] = [
      ...(systemPrompt ? [{ role: 'system' as const, content: systemPrompt }] : []),
      ...state.history,
    ];
    const events = resumable
      ? this.runResume(threadId, text, signal)
      : this.runNew(threadId, text, history, signal);
    let answer = '';
    let prompt: string | null = null;
    for await (const event of events) {
      if (event.type === 'message') answer += event.data.delta;
      if (event.type === 'interrupt') prompt = event.data.prompt;
      if (event.type === 'done') {
        state.history.push({ role: 'user', content: text });
        const shown = answer || event.data.output || '';
        if (shown || prompt) state.history.push({ role: 'assistant', content: shown || prompt! });
        if (event.data.status === 'paused') state.pending = { threadId, prompt: prompt ?? '' };
        else {
          state.pending = null;
          this.liveThreads.delete(threadId);
        }
      }
      yield event;
    }
  }

  private runNew(threadId: string, input: string, history: ChatTurn[], signal?: AbortSignal) {
    return runWorkflow(this.compiled, { input, history, threadId, runId: threadId, signal });
  }

  private runResume(threadId: string, value: string, signal?: AbortSignal) {
    return runWorkflow(this.compiled, { threadId, runId: threadId, resume: { value }, signal });
  }
}
