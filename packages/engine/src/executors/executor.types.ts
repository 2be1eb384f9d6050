import type {
  ExecutorKind,
  NodeTypeDescriptor,
  RetrievedChunk,
  RunEvent,
  WorkflowNode,
} from '@agenthub/contracts';
import type { BaseMessage } from '@langchain/core/messages';
import type { SsrfOptions } from '../security/ssrf.util.js';
import type { ModelMessage, ModelPort, ModelUsage } from '../models/model.port.js';
import type { ToolSelection, ToolSet } from '../tools/tool.port.js';
import type { KnowledgeSearchRequest } from '../knowledge/knowledge.port.js';

/** What every node writes into `nodes.<id>`. */
export interface NodeResult {
  output: unknown;
  error?: { code: string; message: string };
}

/** The data part of the run state that templates, conditions and code see. */
export interface WorkflowScope {
  input: string;
  vars: Record<string, unknown>;
  nodes: Record<string, NodeResult>;
}

/** A node as resolvers see it: enough to pick a service config or MCP servers. */
export interface NodeRef {
  id: string;
  type: string;
  kind: ExecutorKind;
  services: Record<string, string>;
}

export interface NodeExecutionContext {
  node: WorkflowNode;
  nodeType: NodeTypeDescriptor;
  /** Node type defaults merged with the node's config (templates not yet rendered). */
  config: Record<string, unknown>;
  scope: WorkflowScope;
  /** Chat history of this run so far, without the current user input. */
  history: ModelMessage[];
  /** Aborted on cancel and on the node's timeout. */
  signal: AbortSignal;
  ssrf?: SsrfOptions;
  /** Output cap of code nodes (bytes of JSON); the sandbox default when unset. */
  codeOutputMaxBytes?: number;
  emit(event: RunEvent): void;
  reportUsage(usage: ModelUsage): void;
  render(template: string): string;
  model(): Promise<ModelPort>;
  tools(selection: ToolSelection[]): Promise<ToolSet>;
  /** Passages from knowledge bases (the `KnowledgePort` given to the compiler). */
  searchKnowledge(request: KnowledgeSearchRequest): Promise<RetrievedChunk[]>;
}

export interface ExecutorResult {
  output: unknown;
  /** Messages appended to the run's `messages` (e.g. the answer as an AI message). */
  messages?: BaseMessage[];
}

export type Executor = (ctx: NodeExecutionContext) => Promise<ExecutorResult>;
export type ExecutorRegistry = Record<ExecutorKind, Executor>;
