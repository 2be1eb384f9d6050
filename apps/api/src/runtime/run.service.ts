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
import {
  CompileCache,
  compileWorkflow,
  definitionHash,
  EngineError,
  runWorkflow,
  type CompiledWorkflow,
  type ResolveModel,
  type SsrfOptions,
} from '@agenthub/engine';
import { DomainError } from '../common/domain-error.js';
import { assertOwned, type Principal } from '../common/ownership.util.js';
import { AppConfig } from '../config/app-config.js';
import { CheckpointStore } from './checkpoint.store.js';
import { createRunToolResolver } from './mcp-tool.resolver.js';
import { createModelPort } from './model-port.factory.js';
import { RunStepRecorder } from './run-step.recorder.js';
import { RunStepRepository } from './run-step.repository.js';
import { RunRepository, type SettledState } from './run.repository.js';
import { RUNTIME_SETTINGS, type RuntimeSettings } from './runtime-settings.js';
import {
  MCP_SERVER_SOURCE,
  MODEL_CONFIG_SOURCE,
  NODE_TYPE_SOURCE,
  type McpServerSource,
  type ModelConfigSource,
  type NodeTypeSource,
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
}

/**
 * A queued run that another process can continue (bullmq worker). When the process stops, or
 * `signal` aborts, the run is handed back instead of ended: it goes back to `queued` without
 * `error`/`done`, and {@link RunService.continueRun} continues it from its last checkpoint.
 */
export interface HandBack {
  /** Aborted by the queue (its worker stopping or losing the job): hand back now. */
  signal: AbortSignal;
  /** At shutdown, how long the run may still finish before it is handed back (QUEUE_SHUTDOWN_GRACE_MS). */
  graceMs: number;
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
}

type EngineStart = { input: string; history: ChatTurn[]; vars?: Record<string, unknown> };
type EngineResume = { resume: { value: unknown } };
type EngineRetry = { retry: true };

interface ActiveRun {
  stop: AbortController;
  /** Aborted to hand the run back (see HandBack) instead of stopping it, with the grace it gets first. */
  handBack?: { controller: AbortController; graceMs: number };
  /** Resolves once the run's outcome is recorded. */
  settled: Promise<void>;
}

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

  constructor(
    private readonly runs: RunRepository,
    private readonly steps: RunStepRepository,
    private readonly checkpoints: CheckpointStore,
    private readonly config: AppConfig,
    @Inject(RUNTIME_SETTINGS) private readonly settings: RuntimeSettings,
    @Inject(MODEL_CONFIG_SOURCE) private readonly modelConfigs: ModelConfigSource,
    @Inject(MCP_SERVER_SOURCE) private readonly mcpServers: McpServerSource,
    @Inject(NODE_TYPE_SOURCE) private readonly nodeTypes: NodeTypeSource,
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
    if (this.active.size === 0) return;
    const all = [...this.active];
    const own = all.filter((r) => !r.handBack);
    const queued = all.filter((r) => r.handBack);
    if (own.length) this.logger.warn(`Stopping ${own.length} run(s) for shutdown`);
    for (const run of own)
      run.stop.abort(new EngineError('server_shutdown', 'The server shut down while the run was executing'));
    // Runs another worker can continue get the queue's grace to finish, then are handed back here,
    // before the database pool closes (Nest closes it before the queue's own shutdown hook runs).
    const handOver = async () => {
      if (queued.length === 0) return;
      const graceMs = Math.max(...queued.map((r) => r.handBack!.graceMs));
      await settledWithin(queued, graceMs);
      const left = queued.filter((r) => this.active.has(r));
      if (left.length) this.logger.warn(`Handing back ${left.length} run(s) for shutdown`);
      for (const run of left) run.handBack!.controller.abort();
      await settledWithin(left, SHUTDOWN_SETTLE_MS);
    };
    await Promise.all([settledWithin(own, SHUTDOWN_SETTLE_MS), handOver()]);
  }

  async *startRun(options: StartRunOptions): AsyncGenerator<RunStreamEvent> {
    const { run, compiled } = await this.createCompiledRun(options);
    yield* this.drive(run, compiled, this.engineStart(options), options.signal);
  }

  /**
   * Creates a `queued` run row (definition and run options snapshotted) without executing it:
   * a queued run (chat turn) is executed later, maybe in another process, by {@link executeRun}.
   * An invalid workflow throws `422 workflow_invalid` before any row exists.
   */
  async createRun(options: Omit<StartRunOptions, 'input' | 'history' | 'systemPrompt' | 'vars' | 'signal'>) {
    return (await this.createCompiledRun(options)).run;
  }

  /**
   * Executes a run made by {@link createRun}, rebuilding the graph from the row's snapshot.
   * 409 `run_not_queued` when it already started (the queue delivered it twice).
   */
  async *executeRun(
    runId: string,
    start: Pick<StartRunOptions, 'input' | 'history' | 'systemPrompt' | 'vars' | 'signal' | 'handBack'>,
  ): AsyncGenerator<RunStreamEvent> {
    const found = await this.runs.findById(runId);
    if (!found) throw DomainError.notFound('Run');
    if (found.status !== 'queued')
      throw DomainError.conflict('run_not_queued', `Run is ${found.status}; only a queued run can start`);
    const compiled = await this.compile(found.definition, found.runOptions, {
      agentId: found.agentId,
      versionId: found.agentVersionId,
      stepLimit: found.stepLimit,
      durability: this.durabilityFor(found),
    });
    yield* this.drive(found, compiled, this.engineStart(start), start.signal, start.handBack);
  }

  /**
   * Continues a run handed back by a stopping worker (queued again, started before) from its last
   * checkpoint on the same thread: nodes that finished do not run again, the interrupted node runs
   * anew. 409 `run_not_queued` when it is not (or no longer) a handed-back run.
   */
  async *continueRun(runId: string, options: ResumeRunOptions = {}): AsyncGenerator<RunStreamEvent> {
    const found = await this.runs.findById(runId);
    if (!found) throw DomainError.notFound('Run');
    if (!RunService.isHandedBack(found))
      throw DomainError.conflict('run_not_queued', `Run is ${found.status}; it was not handed back`);
    const compiled = await this.compile(found.definition, found.runOptions, {
      agentId: found.agentId,
      versionId: found.agentVersionId,
      stepLimit: found.stepLimit,
      durability: this.durabilityFor(found),
    });
    const run = await this.runs.claimHandedBack(runId);
    if (!run) throw DomainError.conflict('run_not_queued', 'Run is no longer queued (taken concurrently?)');
    yield* this.drive(run, compiled, { retry: true }, options.signal, options.handBack);
  }

  /** A run a stopping worker handed back: queued again after it had started. */
  static isHandedBack(run: WorkflowExecutionEntity): boolean {
    return run.status === 'queued' && run.startedAt !== null;
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
    options: Omit<StartRunOptions, 'input' | 'history' | 'systemPrompt' | 'vars' | 'signal'>,
  ): Promise<{ run: WorkflowExecutionEntity; compiled: CompiledWorkflow }> {
    const runOptions: RunOptionsSnapshot = {
      serviceOwnerId: options.serviceOwnerId ?? options.userId,
      serviceDependencies: options.serviceDependencies ?? {},
      ...(options.modelParams ? { modelParams: options.modelParams } : {}),
    };
    const compiled = await this.compile(options.definition, runOptions, {
      agentId: options.agentId,
      versionId: options.versionId ?? null,
      stepLimit: options.stepLimit ?? undefined,
    });
    const run = await this.runs.createQueued({
      id: randomUUID(),
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
    });
    return { run, compiled };
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
    if (found.status !== 'paused')
      throw DomainError.conflict(
        'run_not_paused',
        `Run is ${found.status}; only a paused run can be resumed`,
      );
    const compiled = await this.compile(found.definition, found.runOptions, {
      agentId: found.agentId,
      versionId: found.agentVersionId,
      stepLimit: found.stepLimit,
      durability: this.durabilityFor(found),
    });
    const run = await this.runs.claimPaused(runId);
    if (!run) throw DomainError.conflict('run_not_paused', 'Run is no longer paused (resumed concurrently?)');
    yield* this.drive(run, compiled, { resume: { value: input } }, options.signal, options.handBack);
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
    if (found.status !== 'failed')
      throw DomainError.conflict(
        'run_not_failed',
        `Run is ${found.status}; only a failed run can be retried`,
      );
    const compiled = await this.compile(found.definition, found.runOptions, {
      agentId: found.agentId,
      versionId: found.agentVersionId,
      stepLimit: found.stepLimit,
      durability: this.durabilityFor(found),
    });
    const run = await this.runs.claimFailed(runId);
    if (!run) throw DomainError.conflict('run_not_failed', 'Run is no longer failed (retried concurrently?)');
    yield* this.drive(run, compiled, { retry: true }, options.signal, options.handBack);
  }

  private async compile(
    definition: unknown,
    runOptions: RunOptionsSnapshot,
    scope: { agentId: string; versionId: string | null; stepLimit?: number; durability?: 'async' },
  ): Promise<CompiledWorkflow> {
    const nodeTypes: NodeTypeDescriptor[] = await this.nodeTypes.listNodeTypes();
    const ssrf: SsrfOptions = { allowPrivateNetwork: this.config.allowPrivateNetwork };
    // The resolvers close over the run options, so they are part of the cache key.
    const cacheKey = [
      scope.agentId,
      scope.versionId ?? 'draft',
      definitionHash({ runOptions, stepLimit: scope.stepLimit ?? null, nodeTypes }),
      scope.durability ?? 'default',
    ].join(':');
    try {
      return compileWorkflow(definition, {
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
        limits: scope.stepLimit ? { maxSteps: scope.stepLimit } : {},
        ssrf,
        cache: this.compileCache,
        cacheKey,
        ...(scope.durability ? { durability: scope.durability } : {}),
      });
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
      const resolved = await this.modelConfigs.resolveModelConfig(configId, runOptions.serviceOwnerId);
      return createModelPort(resolved, { modelParams: runOptions.modelParams, ssrf });
    };
  }

  private async *drive(
    run: WorkflowExecutionEntity,
    compiled: CompiledWorkflow,
    mode: EngineStart | EngineResume | EngineRetry,
    outerSignal: AbortSignal | undefined,
    handBack?: HandBack,
  ): AsyncGenerator<RunStreamEvent> {
    const timeoutMs = this.settings.runTimeoutMs;
    // Stops the run for a server-side reason (timeout, shutdown): a failure, unlike a client's cancel.
    const stop = new AbortController();
    const timer = setTimeout(
      () => stop.abort(new EngineError('run_timeout', `The run took longer than ${timeoutMs} ms`)),
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
      ...(handBack ? { handBack: { controller: handBackNow, graceMs: handBack.graceMs } } : {}),
      settled: new Promise<void>((resolve) => (markSettled = resolve)),
    };
    this.active.add(active);

    let eventId = run.lastEventId;
    const next = (event: RunEvent): RunStreamEvent => ({ ...event, id: ++eventId });
    let settled = false;
    let errorInfo: RunErrorInfo | null = null;
    let pausedAt: string | null = null;
    const recorder = new RunStepRecorder(run.id, this.steps, this.runs);
    const settle = async (status: SettledState, usage: TokenUsage) => {
      settled = true;
      try {
        if (status === 'failed' || status === 'cancelled') await recorder.closeOpen(status);
        await this.runs.settle(run.id, {
          status,
          errorInfo: status === 'completed' || status === 'paused' ? null : errorInfo,
          usage,
          // The `done` event about to be sent is the last id of this segment.
          lastEventId: eventId + 1,
          currentNode: status === 'completed' ? null : (pausedAt ?? errorInfo?.nodeId ?? recorder.lastNode),
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
        await recorder.closeOpen('cancelled');
        await this.runs.handBack(run.id, { usage, lastEventId: eventId, currentNode: recorder.lastNode });
        this.logger.warn(`Run ${run.id} handed back to the queue at event ${eventId}`);
        await handBack?.onHandedBack?.();
      } finally {
        markSettled();
      }
    };

    try {
      await recorder.load('resume' in mode);
      await this.runs.markRunning(run.id);
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
            await recorder.onNode(event.data);
            break;
          case 'interrupt':
            await recorder.onInterrupt(event.data);
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
    }
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
