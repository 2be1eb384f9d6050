import type { NodeTypeDescriptor, PricingConfig, RetrievedChunk, RunStepModel } from '@agenthub/contracts';
import type { SsrfOptions } from '@agenthub/engine';

/**
 * What the runtime needs from other modules, as ports (bound in runtime.module.ts to the
 * integration and catalog services), so the run code and its tests do not depend on how
 * service configs, MCP servers and node types are stored.
 */

/** A service config resolved for one model call site (secrets decrypted, never logged). */
export interface ResolvedModelConfig {
  configId: string | null;
  /** Provider kind understood by the engine's `createModel`: `openai_compatible` or `demo`. */
  kind: string;
  config: Record<string, unknown>;
  pricing: PricingConfig | null;
}

export interface ModelConfigSource {
  /**
   * `configId` null = the platform default LLM config. `ownerUserId` = whose personal configs may
   * be used (the agent's owner); throws when the config does not exist or may not be used.
   */
  resolveModelConfig(configId: string | null, ownerUserId: string | null): Promise<ResolvedModelConfig>;
  /** Names and model names of configs, for run traces (never settings); missing ids are absent. */
  modelLabels(configIds: readonly string[]): Promise<Map<string, ModelLabel>>;
}
/** What a run trace shows of a step's service config. */
export type ModelLabel = Omit<RunStepModel, 'serviceConfigId'>;
export const MODEL_CONFIG_SOURCE = Symbol('MODEL_CONFIG_SOURCE');

export interface ResolvedMcpServer {
  /** Set for registered servers; used to record call statistics. */
  id?: string;
  url: string;
  transport: 'streamable_http' | 'sse';
  headers?: Record<string, string>;
}

export interface McpServerSource {
  /**
   * A registered server by id or by the name node configs use; null when there is none.
   * With `forUserId`, another user's personal server counts as none.
   */
  resolveServer(idOrName: string, forUserId?: string | null): Promise<ResolvedMcpServer | null>;
  /** One tool call's outcome, for the server's totals and the per-tool statistics. */
  recordCall(serverId: string, tool: string, ok: boolean, latencyMs: number): Promise<void>;
}
export const MCP_SERVER_SOURCE = Symbol('MCP_SERVER_SOURCE');

export interface NodeTypeSource {
  /** Every node type a workflow may use (built-in and admin-made). */
  listNodeTypes(): Promise<NodeTypeDescriptor[]>;
}
export const NODE_TYPE_SOURCE = Symbol('NODE_TYPE_SOURCE');

export interface OutboundPolicySource {
  /** The URL guard's options in force now (private networks, allow-lists from env and admins). */
  ssrfOptions(): Promise<SsrfOptions>;
}
export const OUTBOUND_POLICY_SOURCE = Symbol('OUTBOUND_POLICY_SOURCE');
export interface KnowledgeSource {
  /**
   * Passages for a `retrieval` node. `ownerUserId` = the agent's owner: their own bases and
   * platform-wide ones may be searched (the agent's users read them through the agent).
   */
  search(
    request: { query: string; knowledgeBaseIds: string[]; topK?: number; scoreThreshold?: number },
    ownerUserId: string | null,
  ): Promise<RetrievedChunk[]>;
}
export const KNOWLEDGE_SOURCE = Symbol('KNOWLEDGE_SOURCE');
