import { randomUUID } from 'node:crypto';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import type {
  ChatTurn,
  NodeTypeDescriptor,
  RunErrorInfo,
  RunEvent,
  RunKind,
  ServiceDependencies,
  TokenUsage,
  WorkflowIssue,
} from '@agenthub/contracts';
import { RUN_SUMMARY_RESERVED_IDS } from '@agenthub/contracts';
import {
  assertUrlAllowed,
  CompileCache,
  compileWorkflow,
  definitionHash,
  EngineError,
  runWorkflow,
  type CompiledWorkflow,
  type ModelPort,
  type ResolveModel,
  type SsrfOptions,
} from '@agenthub/engine';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError } from '../common/domain-error.js';
import { retryWithBackoff } from '../common/retry.util.js';
import { assertOwned, type Principal } from '../common/ownership.util.js';
import { AppConfig } from '../config/app-config.js';
import { CheckpointStore } from './checkpoint.store.js';
import { retryDefinition } from './domain/retry-definition.rules.js';
import { assertRunTransition, runPhase, runTransition } from './domain/run-lifecycle.rules.js';
import { createRunToolResolver } from './mcp-tool.resolver.js';
import { createModelPort } from './model-port.factory.js';
import { type RecorderStart, RunStepRecorder } from './run-step.recorder.js';
import { RunStepRepository } from './run-step.repository.js';
import { type NewRun, RunRepository, type RunTotals, type SettledState } from './run.repository.js';
import { RUNTIME_SETTINGS, type RuntimeSettings } from './runtime-settings.js';
import {
  KNOWLEDGE_SOURCE,
  MCP_SERVER_SOURCE,
  MODEL_CONFIG_SOURCE,
  NODE_TYPE_SOURCE,
  type KnowledgeSource,
  type McpServerSource,
  type ModelConfigSource,
  type NodeTypeSource,
  OUTBOUND_POLICY_SOURCE,
  type OutboundPolicySource,
} from './runtime.ports.js';
import { CAPTURING_EXECUTORS, isStepCaptureEvent, type StepCaptureEvent } from './step-capture.executors.js';
import type {
  ModelParams,
  RunOptionsSnapshot,
  WorkflowExecutionEntity,
} from './workflow-execution.entity.js';

/** A run event as streamed: the section-6 event plus its monotonic (per run) SSE id. */
export type RunStreamEvent = RunEvent & { id: number };

export interface StartRunOptions {
  kind: RunKind;
  definition: unknown;
  /** The user's message for this run. */
  input: string;
  /** Earlier chat turns, oldest first. */
  history?: ChatTurn[];
  /** The agent's system prompt, given to models as the first system turn. */
  systemPrompt?: string | null;
  vars?: Record<string, unknown>;
  agentId: string;
  /** Draft test runs reference the draft version. */
  versionId?: string | null;
  /** Label for the `run` event: the semver, or `draft`. */
  agentVersion?: string | null;
  chatId?: string | null;
  messageId?: string | null;
  /** Who started the run (owner of the run record). */
  userId: string;
  /** Whose personal service configs nodes may use: the agent's owner. Defaults to `userId`. */
  serviceOwnerId?: string | null;
  /** `{ [nodeId]: { llm: serviceConfigId } }`; a node's own `services.llm` wins. */
  serviceDependencies?: ServiceDependencies;
  modelParams?: ModelParams;
  /** LangGraph supersteps; default the definition's `settings.maxSteps`, else 100. */
  stepLimit?: number | null;
  /** Aborting it cancels the run (client disconnect). */
  signal?: AbortSignal;
  /** A run its queue can hand to another process; see {@link HandBack}. */
  handBack?: HandBack;
  /** See {@link OnRunSettled}. */
  onSettled?: OnRunSettled;
}

/**
 * Called when a run segment ends (completed, failed, cancelled, paused), inside the transaction
 * that records the end (steps, run status, usage) and before `done` is yielded: the run's owner
 * writes what belongs to the same moment (the chat reply's final text and status) atomically
 * with it. `totals` = the run's usage over all its segments.
 */
export type OnRunSettled = (
  settled: { status: SettledState; errorInfo: RunErrorInfo | null; totals: RunTotals },
  manager: EntityManager,
) => Promise<void>;

/**
 * A queued run that another process can continue (bullmq worker). When the process stops, or
 * `signal` aborts, the run is handed back instead of ended: it goes back to `queued` without
 * `error`/`done`, and {@link RunService.continueRun} continues it from its last checkpoint.
 */
export interface HandBack {
  /** Aborted by the queue (its worker stopping past QUEUE_SHUTDOWN_GRACE_MS, or losing the job): hand back now. */
  signal: AbortSignal;
  /** Called once the run is back to `queued`, while the database is still open (save partial results). */
  onHandedBack?: () => Promise<void>;
}

export type RunDraftOptions = Omit<StartRunOptions, 'kind' | 'agentVersion' | 'chatId' | 'messageId'>;

export interface ResumeRunOptions {
  signal?: AbortSignal;
  /** See {@link StartRunOptions.handBack}. */
  handBack?: HandBack;
  /** When given, the run must be theirs (admins may resume any): 404 otherwise. */
  actor?: Principal;
  /** See {@link OnRunSettled}. */
  onSettled?: OnRunSettled;
  /** Retry only: the workflow fixed since the failure, taken if its shape is the run's (see retryDefinition). */
  definition?: unknown;
}

/** A validated, compiled run not written yet (see RunService.prepareRun). */
export interface PreparedRun {
  row: NewRun;
  compiled: CompiledWorkflow;
}

/**
 * What a run segment does with LangGraph checkpoints (see CheckpointStore / DeferringCheckpointer):
 * `defer` = a new thread whose writes are kept in memory and only written if it does not complete
 * (retry/resume need them; nobody reads a completed run's), `fresh` = a new thread written through
 * (nothing to read at start), `direct` = a continued thread.
 */
type CheckpointPolicy = 'defer' | 'fresh' | 'direct';

interface DriveOptions {
  outerSignal?: AbortSignal;
  handBack?: HandBack;
  onSettled?: OnRunSettled;
  recorderStart: RecorderStart;
  checkpoints: CheckpointPolicy;
  /**
   * The run goes on after a `done` (resume, retry): its ids start above the ones reserved for a
   * summary of the run so far (RUN_SUMMARY_RESERVED_IDS); the bus is told the same.
   */
  afterDone?: boolean;
}

type EngineStart = { input: string; history: ChatTurn[]; vars?: Record<string, unknown> };
type EngineResume = { resume: { value: unknown } };
type EngineRetry = { retry: true };

interface ActiveRun {
  stop: AbortController;
  /** The run can be handed back (see HandBack): its queue, not this service, stops it at shutdown. */
  handBack?: boolean;
  /** Resolves once the run's outcome is recorded. */
  settled: Promise<void>;
}

/** A run this young may be between its job starting and its row being claimed: not swept. */
const SWEEP_MIN_AGE_MS = 5000;
/** A queued run younger than this may be between its commit and its enqueue: not swept. */
const SWEEP_QUEUED_AGE_MS = 60_000;

/** How long a node waits for the database (its model's config) before it fails. */
const DEPENDENCY_RETRY_MS = 60_000;

/** How long recording a hand-back is retried (it happens at shutdown, within SHUTDOWN_TIMEOUT). */
const HAND_BACK_RETRY_MS = 2000;

/** How long a shutdown waits for running runs to record their end before the pool closes. */
const SHUTDOWN_SETTLE_MS = 5000;

/** Waits until every run recorded its end, at most `ms`. */
async function settledWithin(runs: ActiveRun[], ms: number): Promise<void> {
  if (runs.length === 0) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all(runs.map((r) => r.settled)),
    new Promise((resolve) => (timer = setTimeout(resolve, ms))),
  ]);
  clearTimeout(timer);
}

const zeroUsage = (): TokenUsage => ({ promptTokens: 0, completionTokens: 0, costUsd: 0 });

/** How long a built model port (client, pricing) is reused for the same resolved service config. */
const MODEL_PORT_TTL_MS = 60_000;
const MODEL_PORT_CACHE_MAX = 100;

/**
 * The one run service: turns a workflow definition into a streamed, recorded run through the
 * engine. Draft test runs (`POST /agents/:id/test`) and chat turns use it alike.
 *
 * Runs are async generators: problems found before the run exists (invalid workflow, run not
 * found or not paused) are thrown as DomainErrors on the first `next()`, so an SSE writer that
 * pulls the first event before sending headers turns them into a plain JSON error response.
 * Once the leading `run` event is out, every outcome is in the stream and it ends with exactly
 * one `done`; the run row is never left `running`.
 */
@Injectable()
export class RunService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('RunService');
  /** Runs executing in this process, so a shutdown can end them properly. */
  private readonly active = new Set<ActiveRun>();
  /** Compiled graphs, keyed by everything their resolvers close over plus the definition hash. */
  private readonly compileCache = new CompileCache<CompiledWorkflow>(200);
  /**
   * Graphs of published (immutable) versions by version id + run options, looked up without
   * hashing the definition again (canonical JSON of a workflow costs more than the lookup).
   */
  private readonly versionCache = new CompileCache<CompiledWorkflow>(200);
  /** Hash of each node type list loaded (the catalog caches the list, so it is the same array). */
  private readonly nodeTypeHashes = new WeakMap<readonly NodeTypeDescriptor[], string>();
  /** Model ports by resolved config (kind, settings, pricing) + model params: no new client per run. */
  private readonly modelPorts = new Map<string, { port: Promise<ModelPort>; expires: number }>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly runs: RunRepository,
    private readonly steps: RunStepRepository,
    private readonly checkpoints: CheckpointStore,
    private readonly config: AppConfig,
    @Inject(RUNTIME_SETTINGS) private readonly settings: RuntimeSettings,
    @Inject(MODEL_CONFIG_SOURCE) private readonly modelConfigs: ModelConfigSource,
    @Inject(MCP_SERVER_SOURCE) private readonly mcpServers: McpServerSource,
    @Inject(NODE_TYPE_SOURCE) private readonly nodeTypes: NodeTypeSource,
    @Inject(OUTBOUND_POLICY_SOURCE) private readonly outbound: OutboundPolicySource,
    @Inject(KNOWLEDGE_SOURCE) private readonly knowledge: KnowledgeSource,
  ) {}

  /** Runs an agent's draft workflow for its developer (kind `test`). */
  runDraft(options: RunDraftOptions): AsyncGenerator<RunStreamEvent> {
    return this.startRun({ ...options, kind: 'test', agentVersion: 'draft' });
  }

  /**
   * Before the HTTP server and the database pool close: stop the runs of this process so they
   * end as `failed` / `server_shutdown` with their streams closed, instead of staying `running`.
   */
  async beforeApplicationShutdown(): Promise<void> {
    // Runs another worker can continue are the queue's: it gives them QUEUE_SHUTDOWN_GRACE_MS,
    // then aborts their hand-back signal, and moves their jobs back once the hand-back is recorded.
    const own = [...this.active].filter((r) => !r.handBack);
    if (own.length === 0) return;
    this.logger.warn(`Stopping ${own.length} run(s) for shutdown`);
    for (const run of own)
      run.stop.abort(new EngineError('server_shutdown', 'The server shut down while the run was executing'));
    await settledWithin(own, SHUTDOWN_SETTLE_MS);
  }

  async *startRun(options: StartRunOptions): AsyncGenerator<RunStreamEvent> {
    const { run, compiled } = await this.createCompiledRun(options, 'running');
    yield* this.drive(run, compiled, this.engineStart(options), {
      outerSignal: options.signal,
      handBack: options.handBack,
      onSettled: options.onSettled,
      recorderStart: 'fresh',
      checkpoints: this.freshPolicy(run, compiled),
    });
  }

  /**
   * Creates a `queued` run row (definition and run options snapshotted) without executing it:
   * a queued run (chat turn) is executed later, maybe in another process, by {@link executeRun}.
   * An invalid workflow throws `422 workflow_invalid` before any row exists. With `manager`, the
   * row is written in that transaction (the chat turn's messages and its run commit together).
   */
  async createRun(
    options: Omit<StartRunOptions, 'input' | 'history' | 'systemPrompt' | 'vars' | 'signal'> & {
      id?: string;
    },
  ) {
    return (await this.createCompiledRun(options, 'queued')).run;
  }

  /**
   * {@link createRun} in two halves, for a caller that writes the run in its own transaction:
   * `prepareRun` validates and compiles (no database write; it may read node types, so call it
   * **before** opening the transaction — a pooled connection held while waiting for another one
   * deadlocks the pool under load), `insertPreparedRun` writes the `queued` row with `manager`.
   */
  async prepareRun(
    options: Omit<StartRunOptions, 'input' | 'history' | 'systemPrompt' | 'vars' | 'signal'> & {
      id?: string;
    },
  ): Promise<PreparedRun> {
    return this.compileRun(options);
  }

  insertPreparedRun(
    prepared: PreparedRun,
    patch: Pick<NewRun, 'messageId'>,
    manager: EntityManager,
  ): Promise<WorkflowExecutionEntity> {
    return this.runs.insert({ ...prepared.row, ...patch }, 'queued', manager);
  }

  /**
   * Executes a run made by {@link createRun}, rebuilding the graph from the row's snapshot.
   * 409 `run_not_queued` when it already started (the queue delivered it twice).
   */
  async *executeRun(
    runId: string,
    start: Pick<
      StartRunOptions,
      'input' | 'history' | 'systemPrompt' | 'vars' | 'signal' | 'handBack' | 'onSettled'
    >,
  ): AsyncGenerator<RunStreamEvent> {
    // Claimed (queued → running) and read in one statement.
    const run = await this.runs.claimQueued(runId);
    if (!run) {
      const found = await this.runs.findById(runId);
      if (!found) throw DomainError.notFound('Run');
      const start = runTransition(runPhase(found), 'start');
      throw start.ok
        ? DomainError.conflict('run_not_queued', 'Run is no longer queued (started concurrently?)')
        : start.error;
    }
    // A workflow that no longer compiles throws here with the run claimed: the caller ends it
    // (ChatRunService: `endRun`, which also publishes the stream's error and done).
    const compiled = await this.compile(run.definition, run.runOptions, this.scopeOf(run));
    yield* this.drive(run, compiled, this.engineStart(start), {
      outerSignal: start.signal,
      handBack: start.handBack,
      onSettled: start.onSettled,
      recorderStart: 'fresh',
      checkpoints: this.freshPolicy(run, compiled),
    });
  }

  /**
   * Continues a run handed back by a stopping worker (queued again, started before) from its last
   * checkpoint on the same thread: nodes that finished do not run again, the interrupted node runs
   * anew. 409 `run_not_queued` when it is not (or no longer) a handed-back run.
   */
  async *continueRun(runId: string, options: ResumeRunOptions = {}): AsyncGenerator<RunStreamEvent> {
    const found = await this.runs.findById(runId);
    if (!found) throw DomainError.notFound('Run');
    assertRunTransition(runPhase(found), 'continue');
    const compiled = await this.compile(found.definition, found.runOptions, this.scopeOf(found));
    const run = await this.runs.claimHandedBack(runId);
    if (!run) throw DomainError.conflict('run_not_queued', 'Run is no longer queued (taken concurrently?)');
    yield* this.drive(run, compiled, { retry: true }, this.continued(options, 'continue'));
  }

  private continued(options: ResumeRunOptions, recorderStart: RecorderStart): DriveOptions {
    return {
      outerSignal: options.signal,
      handBack: options.handBack,
      onSettled: options.onSettled,
      recorderStart,
      checkpoints: 'direct',
    };
  }

  /** Compile scope of a recorded run; chat runs execute an immutable published version. */
  private scopeOf(run: WorkflowExecutionEntity) {
    return {
      agentId: run.agentId,
      versionId: run.agentVersionId,
      stepLimit: run.stepLimit,
      durability: this.durabilityFor(run),
      immutable: run.kind === 'chat' && run.agentVersionId !== null,
    };
  }

  /**
   * A new run's checkpoints. A chat run that checkpoints only at exit (inline mode, `/v1`) keeps
   * them in memory and writes them only when it does not complete: nobody reads a completed run's
   * checkpoints, a failed or paused one needs them for retry/resume. Draft test runs and runs
   * that checkpoint as they go (bullmq, for a hand-back) write through, minus the start read.
   */
  private freshPolicy(run: WorkflowExecutionEntity, compiled: CompiledWorkflow): CheckpointPolicy {
    return run.kind === 'chat' && compiled.durability === 'exit' ? 'defer' : 'fresh';
  }

  /** A run a stopping worker handed back: queued again after it had started. */
  static isHandedBack(run: WorkflowExecutionEntity): boolean {
    return runPhase(run) === 'handed_back';
  }

  /**
   * The engine's default durability `exit` writes one checkpoint when the graph stops; a chat run
   * in bullmq mode can be handed to another worker mid-run (SIGTERM), which continues from the
   * last checkpoint, so it checkpoints after every superstep (`async`: written in the background
   * while the next step runs). Measured on local Postgres, 4 llm nodes (DemoModel), 5 runs each:
   * 3.39 s/run with `async` vs 3.44 s/run with `exit`, i.e. within noise: the writes overlap the
   * model calls. Inline runs and draft tests cannot move to another process and keep `exit`.
   */
  private durabilityFor(run: Pick<WorkflowExecutionEntity, 'kind'>): 'async' | undefined {
    return run.kind === 'chat' && this.config.queueMode === 'bullmq' ? 'async' : undefined;
  }

  /**
   * Ends an unfinished run from outside its executor (see RunRepository.endUnfinished); steps
   * left open are closed with the same status. Null when the run had already ended.
   */
  async endRun(
    runId: string,
    status: 'failed' | 'cancelled',
    errorInfo: RunErrorInfo,
  ): Promise<WorkflowExecutionEntity | null> {
    const ended = await this.runs.endUnfinished(runId, status, errorInfo);
    if (ended) await this.steps.closeRunning(runId, status);
    return ended;
  }

  /** Records the id of the last event published for the run by someone else (see endRun). */
  setLastEventId(runId: string, lastEventId: number): Promise<void> {
    return this.runs.setLastEventId(runId, lastEventId);
  }

  /**
   * Chat turns the sweep checks against the queue: `running` for a few seconds at least, and
   * `queued` for a minute at least (posted, but the enqueue failed — Redis away — or the queue
   * lost the job).
   */
  async findSweepCandidates(limit = 500): Promise<{ running: string[]; queued: string[] }> {
    const now = Date.now();
    const [running, queued] = await Promise.all([
      this.runs.findQueuedChatRunIds('running', new Date(now - SWEEP_MIN_AGE_MS), limit),
      this.runs.findQueuedChatRunIds('queued', new Date(now - SWEEP_QUEUED_AGE_MS), limit),
    ]);
    return { running, queued };
  }

  findRun(runId: string): Promise<WorkflowExecutionEntity | null> {
    return this.runs.findById(runId);
  }

  private engineStart(
    options: Pick<StartRunOptions, 'input' | 'history' | 'systemPrompt' | 'vars'>,
  ): EngineStart {
    const history: ChatTurn[] = [
      ...(options.systemPrompt ? [{ role: 'system' as const, content: options.systemPrompt }] : []),
      ...(options.history ?? []),
    ];
    return { input: options.input, history, vars: options.vars };
  }

  private async createCompiledRun(
    options: Omit<StartRunOptions, 'input' | 'history' | 'systemPrompt' | 'vars' | 'signal'> & {
      id?: string;
    },
    status: 'queued' | 'running',
  ): Promise<{ run: WorkflowExecutionEntity; compiled: CompiledWorkflow }> {
    const { row, compiled } = await this.compileRun(options);
    return { run: await this.runs.insert(row, status), compiled };
  }

  private async compileRun(
    options: Omit<StartRunOptions, 'input' | 'history' | 'systemPrompt' | 'vars' | 'signal'> & {
      id?: string;
    },
  ): Promise<PreparedRun> {
    const runOptions: RunOptionsSnapshot = {
      serviceOwnerId: options.serviceOwnerId ?? options.userId,
      serviceDependencies: options.serviceDependencies ?? {},
      ...(options.modelParams ? { modelParams: options.modelParams } : {}),
    };
    const compiled = await this.compile(options.definition, runOptions, {
      agentId: options.agentId,
      versionId: options.versionId ?? null,
      stepLimit: options.stepLimit ?? undefined,
      durability: this.durabilityFor({ kind: options.kind }),
      immutable: options.kind === 'chat' && !!options.versionId,
    });
    const row: NewRun = {
      id: options.id ?? randomUUID(),
      kind: options.kind,
      agentId: options.agentId,
      agentVersionId: options.versionId ?? null,
      agentVersion: options.agentVersion ?? null,
      chatId: options.chatId ?? null,
      messageId: options.messageId ?? null,
      userId: options.userId,
      definition: compiled.definition,
      runOptions,
      stepLimit: compiled.maxSteps,
      nodesTotal: compiled.definition.nodes.length,
    };
    return { row, compiled };
  }

  /**
   * Continues a run paused at a `human_input` node with the user's reply, on the same thread:
   * nodes that finished before the pause do not run again.
   */
  async *resumeRun(
    runId: string,
    input: unknown,
    options: ResumeRunOptions = {},
  ): AsyncGenerator<RunStreamEvent> {
    const found = await this.runs.findById(runId);
    if (options.actor)
      assertOwned(found, options.actor, { ownerKey: 'userId', allowAdmin: true, what: 'Run' });
    if (!found) throw DomainError.notFound('Run');
    assertRunTransition(runPhase(found), 'resume');
    const compiled = await this.compile(found.definition, found.runOptions, this.scopeOf(found));
    const run = await this.runs.claimPaused(runId);
    if (!run) throw DomainError.conflict('run_not_paused', 'Run is no longer paused (resumed concurrently?)');
    yield* this.drive(
      run,
      compiled,
      { resume: { value: input } },
      {
        ...this.continued(options, 'resume'),
        afterDone: true,
      },
    );
  }

  /**
   * Re-runs a `failed` run from its last checkpoint on the same thread: nodes that finished keep
   * their outputs and do not run again; the node that failed runs anew. 409 `run_not_failed`.
   */
  async *retryRun(runId: string, options: ResumeRunOptions = {}): AsyncGenerator<RunStreamEvent> {
    const found = await this.runs.findById(runId);
    if (options.actor)
      assertOwned(found, options.actor, { ownerKey: 'userId', allowAdmin: true, what: 'Run' });
    if (!found) throw DomainError.notFound('Run');
    assertRunTransition(runPhase(found), 'retry');
    const definition = retryDefinition(found.definition, options.definition);
    const compiled = await this.compile(definition, found.runOptions, this.scopeOf(found));
    const run = await this.runs.claimFailed(runId, definition === found.definition ? undefined : definition);
    if (!run) throw DomainError.conflict('run_not_failed', 'Run is no longer failed (retried concurrently?)');
    yield* this.drive(
      run,
      compiled,
      { retry: true },
      { ...this.continued(options, 'continue'), afterDone: true },
    );
  }

  private async compile(
    definition: unknown,
    runOptions: RunOptionsSnapshot,
    scope: {
      agentId: string;
      versionId: string | null;
      stepLimit?: number;
      durability?: 'async';
      /** A published version: its definition never changes, so its id stands for the definition. */
      immutable?: boolean;
    },
  ): Promise<CompiledWorkflow> {
    const nodeTypes: NodeTypeDescriptor[] = await this.nodeTypes.listNodeTypes();
    let nodeTypesHash = this.nodeTypeHashes.get(nodeTypes);
    if (nodeTypesHash === undefined) {
      nodeTypesHash = definitionHash(nodeTypes);
      this.nodeTypeHashes.set(nodeTypes, nodeTypesHash);
    }
    const ssrf: SsrfOptions = await this.outbound.ssrfOptions();
    // The resolvers close over the run options and the outbound rule, so they are part of the cache key.
    const cacheKey = [
      scope.agentId,
      scope.versionId ?? 'draft',
      definitionHash({ runOptions, stepLimit: scope.stepLimit ?? null, ssrf }),
      nodeTypesHash,
      scope.durability ?? 'default',
    ].join(':');
    const versionKey = scope.immutable && scope.versionId ? cacheKey : null;
    const known = versionKey ? this.versionCache.get(versionKey) : undefined;
    if (known) return known;
    try {
      const compiled = compileWorkflow(definition, {
        nodeTypes,
        executors: CAPTURING_EXECUTORS,
        checkpointer: this.checkpoints.saver,
        resolveModel: this.modelResolver(runOptions, ssrf),
        resolveTools: createRunToolResolver(this.mcpServers, {
          ssrf,
          // The agent owner's personal MCP servers, like their personal service configs.
          forUserId: runOptions.serviceOwnerId,
          onStatsError: (err) => this.logger.warn(`MCP call statistics not recorded: ${String(err)}`),
        }),
        knowledge: { search: (request) => this.knowledge.search(request, runOptions.serviceOwnerId) },
        limits: {
          codeOutputMaxBytes: this.settings.codeOutputMaxBytes,
          ...(scope.stepLimit ? { maxSteps: scope.stepLimit } : {}),
        },
        ssrf,
        cache: this.compileCache,
        cacheKey,
        ...(scope.durability ? { durability: scope.durability } : {}),
      });
      if (versionKey) this.versionCache.set(versionKey, compiled);
      return compiled;
    } catch (err) {
      if (err instanceof EngineError && err.code === 'workflow_invalid') {
        const issues = (err.details as WorkflowIssue[] | undefined) ?? [];
        throw DomainError.unprocessable(
          'workflow_invalid',
          'The workflow is invalid; fix the listed problems and try again',
          issues.map((i) => ({
            path: i.path ? `workflow.${i.path}` : 'workflow',
            code: i.code,
            message: i.message,
          })),
        );
      }
      throw err;
    }
  }

  /** Model per node: its own `services.llm`, else the agent's service dependency, else the platform default. */
  private modelResolver(runOptions: RunOptionsSnapshot, ssrf: SsrfOptions): ResolveModel {
    return async (node) => {
      const configId = node.services.llm ?? runOptions.serviceDependencies[node.id]?.llm ?? null;
      // Resolved on every call (access rules, the current default and settings apply at once);
      // only building the port — the provider client, the SSRF check of its URL — is reused.
      // A database restart while a node starts pauses it rather than failing the run; refusals
      // (config gone, not allowed) are not retried.
      const resolved = await retryWithBackoff(
        () => this.modelConfigs.resolveModelConfig(configId, runOptions.serviceOwnerId),
        {
          what: `Resolving the model of node ${node.id}`,
          logger: this.logger,
          giveUpAfterMs: DEPENDENCY_RETRY_MS,
          retryIf: (err) => !(err instanceof DomainError || err instanceof EngineError),
        },
      );
      const key = JSON.stringify([resolved, runOptions.modelParams ?? null, ssrf]);
      const now = Date.now();
      const cached = this.modelPorts.get(key);
      if (cached && cached.expires > now) {
        // The SSRF check stays per run: the provider's host may resolve elsewhere by now.
        if (resolved.kind === 'openai_compatible' && typeof resolved.config.baseURL === 'string')
          await assertUrlAllowed(resolved.config.baseURL, ssrf);
        return cached.port;
      }
      const port = createModelPort(resolved, { modelParams: runOptions.modelParams, ssrf });
      port.catch(() => this.modelPorts.delete(key));
      if (this.modelPorts.size >= MODEL_PORT_CACHE_MAX)
        for (const [k, v] of this.modelPorts)
          if (v.expires <= now || this.modelPorts.size >= MODEL_PORT_CACHE_MAX) this.modelPorts.delete(k);
      this.modelPorts.set(key, { port, expires: now + MODEL_PORT_TTL_MS });
      return port;
    };
  }

  private async *drive(
    run: WorkflowExecutionEntity,
    compiled: CompiledWorkflow,
    mode: EngineStart | EngineResume | EngineRetry,
    options: DriveOptions,
  ): AsyncGenerator<RunStreamEvent> {
    const { outerSignal, handBack, onSettled } = options;
    const timeoutMs = this.settings.runTimeoutMs;
    // Stops the run for a server-side reason (timeout, shutdown): a failure, unlike a client's cancel.
    const stop = new AbortController();
    const timer = setTimeout(
      () => stop.abort(new EngineError('timeout', `The run took longer than ${timeoutMs} ms`)),
      timeoutMs,
    );
    timer.unref();
    const handBackNow = new AbortController();
    if (handBack?.signal.aborted) handBackNow.abort();
    else handBack?.signal.addEventListener('abort', () => handBackNow.abort(), { once: true });
    const signal = AbortSignal.any(
      [outerSignal, stop.signal, handBack ? handBackNow.signal : undefined].filter((s) => s !== undefined),
    );
    // Handed back (worker stopping) and not cancelled or stopped for another reason meanwhile.
    const handingBack = () => handBackNow.signal.aborted && !outerSignal?.aborted && !stop.signal.aborted;
    const stopReason = (): RunErrorInfo | null =>
      stop.signal.aborted && !outerSignal?.aborted && stop.signal.reason instanceof EngineError
        ? { code: stop.signal.reason.code, message: stop.signal.reason.message }
        : null;
    let markSettled!: () => void;
    const active: ActiveRun = {
      stop,
      ...(handBack ? { handBack: true } : {}),
      settled: new Promise<void>((resolve) => (markSettled = resolve)),
    };
    this.active.add(active);

    const saver = this.checkpoints.saver;
    if (options.checkpoints === 'defer') saver.defer(run.id);
    else if (options.checkpoints === 'fresh') saver.markFresh(run.id);
    /** Deferred checkpoints are written unless the run completed (retry and resume read them). */
    const keepCheckpoints = async (status: SettledState | 'handed_back') => {
      if (options.checkpoints !== 'defer') return saver.discard(run.id);
      if (status === 'completed') saver.discard(run.id);
      else await saver.flush(run.id);
    };

    let eventId = run.lastEventId + (options.afterDone ? RUN_SUMMARY_RESERVED_IDS : 0);
    const next = (event: RunEvent): RunStreamEvent => ({ ...event, id: ++eventId });
    let settled = false;
    let errorInfo: RunErrorInfo | null = null;
    let pausedAt: string | null = null;
    // Test runs are followed live by the Studio's trace: their steps are written as they finish.
    const recorder = new RunStepRecorder(run.id, this.steps, { live: run.kind === 'test' });
    // The end of a segment is one transaction: its steps, the run's status/usage/counters and
    // whatever the owner records with it (onSettled: the chat reply), before `done` goes out.
    const settle = async (status: SettledState, usage: TokenUsage) => {
      settled = true;
      try {
        if (status === 'failed' || status === 'cancelled') recorder.closeOpen(status);
        await keepCheckpoints(status);
        const recordedError = status === 'completed' || status === 'paused' ? null : errorInfo;
        // Retried until the database answers (a restart, a failover): a run whose end is not
        // recorded would stay `running` and its stream would never get `done`.
        await this.inTransactionRetried(`Recording the end of run ${run.id}`, recorder, async (manager) => {
          await recorder.flush(manager);
          const totals = await this.runs.settle(
            run.id,
            {
              status,
              errorInfo: recordedError,
              usage,
              // The `done` event about to be sent is the last id of this segment.
              lastEventId: eventId + 1,
              currentNode:
                status === 'completed' ? null : (pausedAt ?? errorInfo?.nodeId ?? recorder.lastNode),
            },
            manager,
          );
          await onSettled?.({ status, errorInfo: recordedError, totals }, manager);
        });
      } finally {
        markSettled();
      }
    };
    // Instead of settling: back to `queued`, no error/done; the interrupted node's step is closed
    // `cancelled` (its re-run on the next worker is a new step).
    const handOver = async (usage: TokenUsage) => {
      settled = true;
      try {
        recorder.closeOpen('cancelled');
        await keepCheckpoints('handed_back');
        // Bounded: this runs at shutdown, inside SHUTDOWN_TIMEOUT.
        await this.inTransactionRetried(
          `Recording the hand-back of run ${run.id}`,
          recorder,
          async (manager) => {
            await recorder.flush(manager);
            await this.runs.handBack(
              run.id,
              { usage, lastEventId: eventId, currentNode: recorder.lastNode },
              manager,
            );
          },
          HAND_BACK_RETRY_MS,
        );
        this.logger.warn(`Run ${run.id} handed back to the queue at event ${eventId}`);
        await handBack?.onHandedBack?.();
      } finally {
        markSettled();
      }
    };

    try {
      await recorder.load(options.recorderStart);
      yield next({
        type: 'run',
        data: {
          runId: run.id,
          ...(run.chatId ? { chatId: run.chatId } : {}),
          ...(run.messageId ? { messageId: run.messageId } : {}),
          ...(run.agentVersion ? { agentVersion: run.agentVersion } : {}),
        },
      });
      const events = runWorkflow(compiled, {
        ...mode,
        threadId: run.id,
        runId: run.id,
        messageId: run.messageId ?? undefined,
        signal,
      });
      for await (const raw of events as AsyncIterable<RunEvent | StepCaptureEvent>) {
        if (isStepCaptureEvent(raw)) {
          recorder.onCapture(raw.data);
          continue;
        }
        let event: RunEvent = raw;
        switch (event.type) {
          case 'node':
            recorder.onNode(event.data);
            break;
          case 'interrupt':
            recorder.onInterrupt(event.data);
            pausedAt = event.data.nodeId;
            break;
          case 'error': {
            if (handingBack()) continue;
            // The engine reports any abort as a cancel; a timeout or shutdown is a failure of the run.
            const reason = event.data.code === 'cancelled' ? stopReason() : null;
            if (reason) event = { type: 'error', data: reason };
            errorInfo = event.data;
            break;
          }
          case 'done': {
            if (handingBack() && event.data.status !== 'completed' && event.data.status !== 'paused') {
              await handOver(event.data.usage);
              return;
            }
            let status = event.data.status;
            if (status === 'cancelled' && stopReason()) status = 'failed';
            if (status === 'cancelled' && !errorInfo)
              errorInfo = { code: 'cancelled', message: 'The run was cancelled' };
            if (status === 'failed' && !errorInfo)
              errorInfo = { code: 'internal_error', message: 'The run failed without an error report' };
            await settle(status, event.data.usage);
            yield next({ type: 'done', data: { ...event.data, status } });
            return;
          }
          case 'run':
          case 'message':
          case 'thought':
          case 'tool':
          case 'sources':
            // Relayed unchanged.
            break;
        }
        yield next(event);
      }
      throw new Error('The engine stream ended without a done event');
    } catch (err) {
      if (settled) throw err;
      if (handingBack()) {
        await handOver(zeroUsage()).catch((e) => this.logSettleFailure(run.id, e));
        return;
      }
      errorInfo = this.describeFailure(err, run.id);
      await settle('failed', zeroUsage()).catch((e) => this.logSettleFailure(run.id, e));
      yield next({ type: 'error', data: errorInfo });
      yield next({
        type: 'done',
        data: { runId: run.id, messageId: run.messageId ?? undefined, status: 'failed', usage: zeroUsage() },
      });
    } finally {
      clearTimeout(timer);
      this.active.delete(active);
      markSettled();
      // The consumer stopped reading (client gone): leaving the loop aborted the engine run.
      if (!settled) {
        errorInfo = { code: 'cancelled', message: 'The run was cancelled' };
        await settle('cancelled', zeroUsage()).catch((e) => this.logSettleFailure(run.id, e));
      }
      // Whatever happened, the checkpointer keeps nothing of this run in memory.
      saver.discard(run.id);
    }
  }

  /** One transaction, retried with backoff (steps restored between attempts) while it fails. */
  private inTransactionRetried(
    what: string,
    recorder: RunStepRecorder,
    work: (manager: EntityManager) => Promise<void>,
    giveUpAfterMs?: number,
  ): Promise<void> {
    return retryWithBackoff(
      async () => {
        const restore = recorder.savepoint();
        try {
          await this.dataSource.transaction(work);
        } catch (err) {
          restore();
          throw err;
        }
      },
      { what, logger: this.logger, ...(giveUpAfterMs ? { giveUpAfterMs } : {}) },
    );
  }

  /** Known failures keep their code and message; anything else is logged and reported generically. */
  private describeFailure(err: unknown, runId: string): RunErrorInfo {
    if (err instanceof EngineError || err instanceof DomainError)
      return { code: err.code, message: err.message };
    this.logger.error(
      `Run ${runId} failed unexpectedly: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
    );
    return { code: 'internal_error', message: 'The run failed unexpectedly' };
  }

  private logSettleFailure(runId: string, err: unknown): void {
    this.logger.error(
      `Could not record the end of run ${runId}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}
