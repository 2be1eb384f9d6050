import type {
  AgentRunListQuery,
  ChatTurn,
  NodeTypeDescriptor,
  PageQuery,
  Run,
  RunActionResponse,
  RunEvent,
  RunList,
  RunStepList,
  WorkflowValidationResult,
} from '@agenthub/contracts';
import type { Request, Response } from 'express';

/**
 * What the agent module needs from its neighbours (catalog, integration, runtime), as abstract
 * classes used as injection tokens. The adapters in this folder bind them to those modules, so
 * services here depend on a small surface and tests can substitute any of it.
 */

export abstract class NodeTypeSource {
  /** Every node type the validator and the runner know about. */
  abstract listDescriptors(): Promise<NodeTypeDescriptor[]>;
}

export interface InstantiatedTemplate {
  definition: unknown;
  validation: WorkflowValidationResult;
  templateId: string;
  templateVersion: number;
  /** Parameters after defaults were applied (what the snapshot stores). */
  parameters: Record<string, unknown>;
}

export interface TemplateSummary {
  id: string;
  key: string;
  name: string;
  description: string;
  category: string;
  tags: string[];
  version: number;
  status: string;
}

export abstract class TemplateSource {
  /**
   * 404 for unknown templates (and, with a non-admin `viewer`, for templates not offered to
   * developers), 400 with `body.parameters.*` paths for bad parameters.
   */
  abstract instantiate(
    templateId: string,
    parameters: Record<string, unknown>,
    options: { countUsage: boolean; viewer?: { id: string; roles: readonly string[] } },
  ): Promise<InstantiatedTemplate>;
  /** Null when the template no longer exists. */
  abstract find(templateId: string): Promise<TemplateSummary | null>;
  /** Active templates, oldest first (the seeded ones come first). */
  abstract listActive(): Promise<TemplateSummary[]>;
}

export interface ServiceConfigRef {
  id: string;
  ownerId: string | null;
  serviceType: string;
}

export interface McpServerRef {
  id: string;
  name: string;
  ownerId: string | null;
  /** Null when the server's tools were never listed. */
  tools: string[] | null;
}

export abstract class PlatformResources {
  /** Configs among `ids` that exist (any owner; callers decide who may use them). */
  abstract findServiceConfigs(ids: readonly string[]): Promise<ServiceConfigRef[]>;
  /** Configs that other users of a published agent could not use (missing or personal ones). */
  abstract checkConfigsUsableByEveryone(
    ids: readonly string[],
  ): Promise<Array<{ ref: string; problem: string }>>;
  /** MCP servers (names or ids) other users of a published agent could not use. */
  abstract checkMcpServersUsableByEveryone(
    refs: readonly string[],
  ): Promise<Array<{ ref: string; problem: string }>>;
  /** MCP servers by name or id. */
  abstract findMcpServers(namesOrIds: readonly string[]): Promise<McpServerRef[]>;
}

export interface DraftRunRequest {
  definition: unknown;
  input: string;
  history?: ChatTurn[];
  systemPrompt: string | null;
  agentId: string;
  versionId: string;
  /** Who runs the test (owner of the run record). */
  userId: string;
  /** The agent's owner: whose personal service configs the nodes may use. */
  serviceOwnerId: string;
  serviceDependencies: Record<string, Record<string, string>>;
  modelParams: { temperature?: number; maxTokens?: number; topP?: number };
  stepLimit: number | null;
  /** Run variables, already checked against the workflow's declarations. */
  vars?: Record<string, unknown>;
  signal: AbortSignal;
}

export abstract class DraftRunner {
  /**
   * The user's quota and run rate and the version's service-config limits, as for chat turns
   * (429 `quota_exceeded` / `rate_limited` with Retry-After), before anything runs.
   */
  abstract assertCanRun(userId: string, versionId: string): Promise<void>;
  abstract runDraft(request: DraftRunRequest): AsyncIterable<RunEvent>;
  /** Continues a paused test run with the human input's answer (409 `run_not_paused` otherwise). */
  abstract resumeDraft(runId: string, input: string, signal: AbortSignal): AsyncIterable<RunEvent>;
  /**
   * Re-runs a failed test run from the failed node (409 `run_not_failed` otherwise), with
   * `definition` (the draft now) when its nodes and edges are the run's, else the run's snapshot.
   */
  abstract retryDraft(runId: string, signal: AbortSignal, definition?: unknown): AsyncIterable<RunEvent>;
  /**
   * Cancels a queued, running or paused test run (409 `run_not_active` otherwise): a running one
   * streamed by this process is stopped (its stream ends with `done: cancelled`), a paused one is
   * ended at once.
   */
  abstract cancelDraft(runId: string): Promise<RunActionResponse>;
  /**
   * Streams `events` as SSE on `res`, aborting `controller` when the client goes away. An error
   * before the first event propagates (the caller answers with a JSON error instead).
   */
  abstract writeSse(
    req: Request,
    res: Response,
    events: AsyncIterable<RunEvent>,
    controller: AbortController,
  ): Promise<void>;
}

/** The agent's runs as the runtime records them; callers check the viewer may see them. */
export abstract class AgentRunsSource {
  abstract list(agentId: string, query: AgentRunListQuery): Promise<RunList>;
  /** 404 when the run is not the agent's. */
  abstract get(agentId: string, runId: string): Promise<Run>;
  abstract listSteps(agentId: string, runId: string, query: PageQuery): Promise<RunStepList>;
}

export abstract class AgentUsageSource {
  /** Distinct chats per agent with a turn in the last `days` days; agents with none are absent. */
  abstract recentChatCounts(agentIds: readonly string[], days: number): Promise<Map<string, number>>;
}
