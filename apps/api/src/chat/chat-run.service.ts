import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type {
  ChatMessageList,
  ChatTurn,
  PostMessageRequest,
  RunErrorInfo,
  RunEvent,
  RetrievedChunk,
  RunEventData,
  TokenUsage,
} from '@agenthub/contracts';
import { RUN_SUMMARY_RESERVED_IDS } from '@agenthub/contracts';
import { EngineError, notAChoiceMessage, resolveHumanInputReply } from '@agenthub/engine';
import { DataSource, type Repository } from 'typeorm';
import { AgentVersionEntity } from '../agent/agent-version.entity.js';
import type { AuthUser } from '../common/auth.decorators.js';
import { DomainError } from '../common/domain-error.js';
import { assertOwned } from '../common/ownership.util.js';
import { AppConfig } from '../config/app-config.js';
import {
  RunEventBus,
  type RunEventEnvelope,
  type RunEventPosition,
  RunEventsUnavailableError,
} from '../queue/run-event-bus.port.js';
import { RunQueue, runAbortCause, type RunLostReason } from '../queue/run-queue.port.js';
import { type HandBack, type OnRunSettled, RunService } from '../runtime/run.service.js';
import type { WorkflowExecutionEntity } from '../runtime/workflow-execution.entity.js';
import { StoreService } from '../store/store.service.js';
import type { ChatMessageEntity, ChatMessageMetadata, ChatTurnVars } from './chat-message.entity.js';
import { assertRunTransition, runPhase } from '../runtime/domain/run-lifecycle.rules.js';
import { RunLimitsService } from '../runtime/run-limits.service.js';
import { ChatMessageRepository } from './chat-message.repository.js';
import { toMessageDto } from './chat.mapper.js';
import { ChatRepository } from './chat.repository.js';
import { ChatService } from './chat.service.js';
import { pickModelParams } from './model-params.util.js';
import { buildRunSummary, type IdentifiedRunEvent } from './run-replay.js';

const FINAL_MESSAGE_STATUS = {
  completed: 'completed',
  failed: 'failed',
  cancelled: 'cancelled',
  paused: 'paused',
} as const;

/** Run service refusals meaning another execution claimed the run first. */
const ALREADY_TAKEN = new Set(['run_not_queued', 'run_not_paused', 'run_not_failed']);

/** How often the text of a streaming reply is saved while the run goes on. */
const PARTIAL_SAVE_MS = 1000;
/**
 * The first save comes this long after the first token: a short reply (most turns) is written
 * once, when it ends; a long one keeps its text so far if its worker dies.
 */
const FIRST_PARTIAL_SAVE_MS = 250;

/** Published versions are immutable: what a turn needs of one is kept this long (owner included). */
const VERSION_CACHE_TTL_MS = 60_000;
const VERSION_CACHE_MAX = 500;

interface LockedVersion {
  id: string;
  resolvedDefinition: unknown;
  serviceDependencies: AgentVersionEntity['serviceDependencies'];
  modelParamsOverride: AgentVersionEntity['modelParamsOverride'];
  stepLimit: number | null;
  systemPrompt: string | null;
  ownerId: string | null;
}

/**
 * A turn posted in this process and executed by it (inline queue): what the handler would
 * otherwise read back (run row, reply) is handed over in memory.
 */
interface PreparedTurn {
  run: WorkflowExecutionEntity;
  message: ChatMessageEntity;
  question: ChatMessageEntity;
}
const PREPARED_MAX = 10_000;

const LOST_MESSAGES: Record<RunLostReason, RunErrorInfo> = {
  worker_lost: { code: 'worker_lost', message: 'The worker executing the run stopped responding' },
  timeout: { code: 'timeout', message: 'The run took longer than the time limit' },
  handler_error: { code: 'internal_error', message: 'The run failed unexpectedly' },
};

export interface PostedTurn {
  userMessage: ChatMessageEntity;
  assistantMessage: ChatMessageEntity;
  runId: string;
}

/**
 * Chat turns as queued runs: posting stores the messages, creates the run and enqueues its id;
 * the handler registered here (in the API process and in workers alike) executes it through
 * RunService and publishes every event to the RunEventBus, which the HTTP side relays as SSE.
 * The assistant message gets its final text and status before `done` is published, so a client
 * that saw `done` always reads the settled message.
 */
@Injectable()
export class ChatRunService implements OnModuleInit {
  private readonly logger = new Logger('ChatRunService');
  private readonly versionCache = new Map<string, { version: LockedVersion; expires: number }>();
  private readonly prepared = new Map<string, PreparedTurn>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly chats: ChatRepository,
    private readonly messages: ChatMessageRepository,
    private readonly chatService: ChatService,
    private readonly runs: RunService,
    private readonly queue: RunQueue,
    private readonly bus: RunEventBus,
    private readonly store: StoreService,
    private readonly limits: RunLimitsService,
    private readonly config: AppConfig,
    @InjectRepository(AgentVersionEntity) private readonly versions: Repository<AgentVersionEntity>,
  ) {}

  onModuleInit(): void {
    this.queue.registerHandler((runId, signal) => this.execute(runId, signal));
    this.queue.onRunLost((runId, reason) => this.onRunLost(runId, reason));
    this.queue.onSweep(async () => void (await this.sweepLostRuns()));
  }

  /**
   * Every RUN_SWEEP_INTERVAL_MS (one process): a chat run recorded as `running` whose job no
   * worker holds any more ended without its report (the worker died while the database or Redis
   * was away, every process was down when the stall was detected, …): end it as `worker_lost`.
   * A run recorded as `queued` that the queue does not know (its enqueue failed while Redis was
   * away, or a Redis without persistence restarted) is queued again: its question was stored, so
   * it gets its answer. The stalled-job check normally reports lost runs first; both are idempotent.
   */
  async sweepLostRuns(): Promise<{ lost: string[]; requeued: string[] }> {
    const { running, queued } = await this.runs.findSweepCandidates();
    if (running.length === 0 && queued.length === 0) return { lost: [], requeued: [] };
    const where = await this.queue.locate([...running, ...queued]);
    const lost = running.filter((id) => where.get(id) !== 'executing');
    const requeued = queued.filter((id) => where.get(id) === 'none');
    for (const runId of lost) {
      this.logger.warn(`Run ${runId}: recorded as running but no worker holds it (sweep: worker_lost)`);
      await this.onRunLost(runId, 'worker_lost');
    }
    for (const runId of requeued) {
      this.logger.warn(`Run ${runId}: recorded as queued but not in the queue (sweep: queued again)`);
      await this.queue.enqueue(runId);
    }
    return { lost, requeued };
  }

  async listMessages(user: AuthUser, chatId: string): Promise<ChatMessageList> {
    const chat = await this.chatService.loadOwned(user, chatId);
    return { items: (await this.messages.listForChat(chat.id)).map(toMessageDto) };
  }

  /**
   * Stores the user's message (or, for a regenerate, reuses the user message given as parent),
   * creates the streaming assistant reply and its run, and enqueues the run.
   */
  async post(
    user: AuthUser,
    chatId: string,
    body: PostMessageRequest,
    options: { vars?: ChatTurnVars } = {},
  ): Promise<PostedTurn> {
    // Ownership first: a foreign chat is 404 whatever the caller's quota.
    const owned = await this.chatService.loadOwned(user, chatId);
    await this.limits.assertCanStartRun(user.id, owned.agentVersionId);
    const version = await this.lockedVersion(owned.agentVersionId, owned.agentId);
    const runId = randomUUID();
    // Validated and compiled before the transaction (422 workflow_invalid: nothing is stored).
    const prepared = await this.runs.prepareRun({
      id: runId,
      kind: 'chat',
      definition: version.resolvedDefinition,
      agentId: owned.agentId,
      versionId: version.id,
      agentVersion: owned.agentVersion,
      chatId: owned.id,
      userId: user.id,
      // Published agents run with their developer's service configs.
      serviceOwnerId: version.ownerId ?? user.id,
      serviceDependencies: version.serviceDependencies,
      modelParams: pickModelParams(version.modelParamsOverride),
      stepLimit: version.stepLimit,
    });
    // One transaction: the question, the streaming reply, the run and the chat's activity. A
    // second streaming reply in the chat is refused by the partial unique index (→ 409), and a
    // version that no longer compiles (422) leaves nothing behind.
    const { userMessage, assistantMessage, run } = await this.dataSource
      .transaction(async (manager) => {
        const chat = await this.chats.lockLive(chatId, manager);
        assertOwned(chat, user, { ownerKey: 'userId', what: 'Chat' });
        const parent =
          body.parentMessageId === null
            ? null
            : body.parentMessageId
              ? await this.messages.findInChat(chat.id, body.parentMessageId, manager)
              : await this.messages.latest(chat.id, manager);
        if (body.parentMessageId && !parent)
          throw new DomainError(404, 'message_not_found', 'No such message in this chat', [
            {
              path: 'body.parentMessageId',
              code: 'message_not_found',
              message: 'Not a message of this chat',
            },
          ]);
        // A user message as parent = regenerate: a new reply beside the earlier one(s), same question.
        const userMessage =
          body.parentMessageId && parent?.role === 'user'
            ? parent
            : await this.messages.insert(
                {
                  chatId: chat.id,
                  parentId: parent?.id ?? null,
                  role: 'user',
                  content: body.content,
                  status: 'completed',
                  ...(options.vars && Object.keys(options.vars).length
                    ? { metadata: { vars: options.vars } }
                    : {}),
                },
                manager,
              );
        const assistantMessage = await this.messages.insert(
          {
            chatId: chat.id,
            parentId: userMessage.id,
            role: 'assistant',
            content: '',
            status: 'streaming',
            runId,
            metadata: { agentVersion: chat.agentVersion },
          },
          manager,
        );
        const run = await this.runs.insertPreparedRun(prepared, { messageId: assistantMessage.id }, manager);
        await this.chats.touch(chat.id, manager);
        return { userMessage, assistantMessage, run };
      })
      .catch(rethrowStreamingConflict);

    if (this.config.queueMode === 'inline') {
      if (this.prepared.size >= PREPARED_MAX) this.prepared.clear();
      this.prepared.set(run.id, { run, message: assistantMessage, question: userMessage });
    }
    await this.queue.enqueue(run.id).catch((err: unknown) => {
      this.prepared.delete(run.id);
      throw err;
    });
    await this.store
      .recordUsage(user.id, owned.agentId)
      .catch((e: unknown) => this.logger.warn(`Usage not recorded: ${String(e)}`));
    return { userMessage, assistantMessage, runId: run.id };
  }

  /**
   * The next turn of a chat for a client that only sends text (the MCP endpoint): when the chat's
   * latest reply is a run paused at human input, the text is its answer and resumes that run;
   * otherwise it is a new message. `afterId`: the events of this turn follow that id.
   */
  async sendTurn(
    user: AuthUser,
    chatId: string,
    content: string,
    vars?: ChatTurnVars,
  ): Promise<{ runId: string; afterId?: string; resumed: boolean }> {
    const chat = await this.chatService.loadOwned(user, chatId);
    const latest = await this.messages.latest(chat.id);
    if (latest?.role === 'assistant' && latest.status === 'paused' && latest.runId) {
      const { afterId } = await this.resume(user, latest.runId, content);
      return { runId: latest.runId, afterId, resumed: true };
    }
    const turn = await this.post(user, chat.id, { content }, { vars });
    return { runId: turn.runId, resumed: false };
  }

  /** What a turn needs of the chat's locked (published, immutable) version and its agent's owner. */
  private async lockedVersion(versionId: string, agentId: string): Promise<LockedVersion> {
    const now = Date.now();
    const cached = this.versionCache.get(versionId);
    if (cached && cached.expires > now) return cached.version;
    const v = await this.versions.findOneOrFail({ where: { id: versionId } });
    const [agent] = (await this.dataSource.query(`SELECT owner_id FROM agents WHERE id = $1`, [
      agentId,
    ])) as Array<{
      owner_id: string;
    }>;
    const version: LockedVersion = {
      id: v.id,
      resolvedDefinition: v.resolvedDefinition,
      serviceDependencies: v.serviceDependencies,
      modelParamsOverride: v.modelParamsOverride,
      stepLimit: v.stepLimit,
      systemPrompt: v.systemPrompt,
      ownerId: agent?.owner_id ?? null,
    };
    if (this.versionCache.size >= VERSION_CACHE_MAX) this.versionCache.clear();
    this.versionCache.set(versionId, { version, expires: now + VERSION_CACHE_TTL_MS });
    return version;
  }

  /** The run's events after `afterId` then live, ending with `done` (or when `signal` aborts). */
  subscribe(runId: string, afterId?: string, signal?: AbortSignal): AsyncIterable<RunEventEnvelope> {
    return this.bus.subscribe(runId, afterId, signal);
  }

  /** What the event bus still holds of the run (null: nothing, e.g. expired). */
  eventPosition(runId: string): Promise<RunEventPosition | null> {
    return this.bus.position(runId);
  }

  /**
   * The run rebuilt from its row and stored reply (see `buildRunSummary`), for a stream whose
   * events are no longer buffered; ids above `afterId` (default: the run's last id).
   */
  async summaryOf(run: WorkflowExecutionEntity, afterId?: number): Promise<IdentifiedRunEvent[]> {
    const message = run.messageId ? await this.messages.findById(run.messageId) : null;
    return buildRunSummary(
      run,
      message ? { content: message.content, prompt: message.metadata.prompt } : null,
      afterId,
    );
  }

  /** Waits for the run's next `done` after `afterId` (JSON callers). */
  async waitForDone(runId: string, afterId?: string): Promise<void> {
    for await (const { event } of this.bus.subscribe(runId, afterId)) if (event.type === 'done') return;
  }

  async loadRunOwned(user: AuthUser, runId: string): Promise<WorkflowExecutionEntity> {
    const run = await this.runs.findRun(runId);
    assertOwned(run, user, { ownerKey: 'userId', what: 'Run' });
    return run!;
  }

  async messageDto(id: string) {
    const m = await this.messages.findById(id);
    if (!m) throw DomainError.notFound('Message');
    return toMessageDto(m);
  }

  /** Cancels a queued, running or paused run; the reply keeps the text streamed so far. */
  async cancel(user: AuthUser, runId: string): Promise<{ runId: string; status: string }> {
    const run = await this.loadRunOwned(user, runId);
    assertRunTransition(runPhase(run), 'cancel');
    if (run.status !== 'paused' && (await this.queue.cancel(runId))) return { runId, status: 'cancelling' };
    // Paused, or not known to the queue (its process is gone): nobody else will end it.
    await this.finishExternally(runId, 'cancelled', { code: 'cancelled', message: 'The run was cancelled' });
    return { runId, status: 'cancelled' };
  }

  /** Gives a run paused at a `human_input` node its answer and queues it to continue. */
  async resume(
    user: AuthUser,
    runId: string,
    input: string,
  ): Promise<{ run: WorkflowExecutionEntity; afterId: string }> {
    const run = await this.loadRunOwned(user, runId);
    assertRunTransition(runPhase(run), 'resume');
    if (!run.messageId || !run.chatId)
      throw DomainError.conflict('run_not_resumable', 'Only chat runs are resumed here');
    const message = await this.messages.findById(run.messageId);
    if (!message) throw DomainError.notFound('Message');
    assertReplyAccepted(message.metadata, input);
    // Continuing runs more model nodes: the same quotas as a new run.
    await this.limits.assertCanStartRun(user.id, run.agentVersionId);
    await this.messages
      .update(message.id, { status: 'streaming', metadata: { ...message.metadata, resumeInput: input } })
      .catch(rethrowStreamingConflict);
    await this.queue.enqueue(runId);
    return { run, afterId: String(run.lastEventId) };
  }

  /** Retries a failed run from its checkpoint through the queue: finished nodes do not run again. */
  async retry(user: AuthUser, runId: string): Promise<{ run: WorkflowExecutionEntity; afterId: string }> {
    const run = await this.loadRunOwned(user, runId);
    assertRunTransition(runPhase(run), 'retry');
    if (!run.messageId || !run.chatId)
      throw DomainError.conflict('run_not_resumable', 'Only chat runs are retried here');
    await this.limits.assertCanStartRun(user.id, run.agentVersionId);
    const message = await this.messages.findById(run.messageId);
    if (!message) throw DomainError.notFound('Message');
    const { error: _previous, ...metadata } = message.metadata;
    await this.messages
      .update(message.id, { status: 'streaming', metadata: { ...metadata, retryRequested: true } })
      .catch(rethrowStreamingConflict);
    await this.queue.enqueue(runId);
    return { run, afterId: String(run.lastEventId) };
  }

  /** The queue's handler: executes (or resumes) the run and publishes its events. */
  async execute(runId: string, queueSignal: AbortSignal): Promise<void> {
    const prepared = this.prepared.get(runId);
    this.prepared.delete(runId);
    const run = prepared?.run ?? (await this.runs.findRun(runId));
    if (!run) return;
    // The reply with its ancestors (the history of a new run) in one read.
    let branch: ChatMessageEntity[] | undefined;
    let message: ChatMessageEntity | null = prepared?.message ?? null;
    if (!prepared && run.messageId) {
      branch = await this.messages.withAncestors(run.messageId);
      message = branch.at(-1)?.id === run.messageId ? branch.pop()! : null;
    }
    // Only a user's cancel is a cancel; timeouts are the run service's own failures (RUN_TIMEOUT_MS).
    // A worker stopping (bullmq: `shutdown`, after QUEUE_SHUTDOWN_GRACE_MS) hands the run back:
    // the queue moves the job back to `wait` and another worker continues it from its checkpoint.
    // Inline, no other process can continue it: the run service fails it (`server_shutdown`).
    const cancel = new AbortController();
    const queueShutdown = new AbortController();
    const handBack: HandBack | undefined =
      this.config.queueMode === 'bullmq'
        ? {
            signal: queueShutdown.signal,
            // Called while the database is still open (see RunQueue.handBackActive).
            onHandedBack: () => saveHandedBack(),
          }
        : undefined;
    let saveHandedBack = async (): Promise<void> => undefined;
    const onAbort = () => {
      const cause = runAbortCause(queueSignal);
      if (cause === 'cancelled') cancel.abort(new Error('cancelled'));
      else if (cause === 'shutdown') queueShutdown.abort();
    };
    if (queueSignal.aborted) onAbort();
    else queueSignal.addEventListener('abort', onAbort, { once: true });

    const handedBack = RunService.isHandedBack(run);
    // Text per node: a retry drops what the failed node streamed before it failed.
    const nodeText: Record<string, string> = { ...(message?.metadata.nodeText ?? {}) };
    const failedNode = run.status === 'failed' ? (run.errorInfo?.nodeId ?? run.currentNode) : null;
    if (failedNode) delete nodeText[failedNode];
    // A handed-back run's text per node already lacks the interrupted node (dropped at hand-back).
    let content = failedNode || handedBack ? Object.values(nodeText).join('') : (message?.content ?? '');
    /** Nodes started and not finished: their text is incomplete if the run is handed back. */
    const openNodes = new Set<string>();
    let asked: RunEventData<'interrupt'> | undefined;
    // Citations of this reply: every retrieval node's passages (kept with the message).
    const sources: RetrievedChunk[] = [...(message?.metadata.sources ?? [])];
    saveHandedBack = async () => {
      if (!message) return;
      // The reply keeps its text so far (still `streaming`); the interrupted nodes' text is dropped
      // from nodeText since they run again from the start on the next worker.
      for (const node of openNodes) delete nodeText[node];
      await this.messages.update(message.id, { content, metadata: { ...message.metadata, nodeText } });
    };
    // The reply's final text, status and metadata, written in the transaction that records the
    // run's end, before `done` is published: whoever saw `done` reads the settled message.
    const onSettled: OnRunSettled = async ({ status, errorInfo, totals }, manager) => {
      if (!message) return;
      const {
        resumeInput: _used,
        retryRequested: _retried,
        error: _old,
        prompt: _asked,
        choices: _offered,
        allowFreeText: _free,
        ...metadata
      } = message.metadata;
      await this.messages.update(
        message.id,
        {
          content,
          status: FINAL_MESSAGE_STATUS[status],
          metadata: {
            ...metadata,
            nodeText,
            usage: totals,
            ...(sources.length > 0 ? { sources } : {}),
            ...(errorInfo ? { error: { code: errorInfo.code, message: errorInfo.message } } : {}),
            ...(status === 'paused' && asked ? pausedAt(asked) : {}),
          },
        },
        manager,
      );
    };

    let events: AsyncGenerator<RunEvent & { id: number }>;
    if (handedBack) {
      // Ids go on from the last one published (the Redis sequence may have expired meanwhile).
      await this.bus.resumeSequence(runId, String(run.lastEventId));
      events = this.runs.continueRun(runId, { signal: cancel.signal, handBack, onSettled });
    } else if (run.status === 'queued') {
      // A first question has no history to read.
      branch ??= !prepared
        ? []
        : prepared.question.parentId
          ? await this.messages.withAncestors(prepared.question.id)
          : [prepared.question];
      const start = await this.runInput(run, branch);
      events = this.runs.executeRun(runId, { ...start, signal: cancel.signal, handBack, onSettled });
    } else if (run.status === 'paused' && message?.metadata.resumeInput !== undefined) {
      if (cancel.signal.aborted) {
        await this.finishExternally(runId, 'cancelled', {
          code: 'cancelled',
          message: 'The run was cancelled',
        });
        return;
      }
      // Ids go on above the paused done and the ids kept free for a summary of it.
      await this.bus.resumeSequence(runId, String(run.lastEventId), RUN_SUMMARY_RESERVED_IDS);
      events = this.runs.resumeRun(runId, message.metadata.resumeInput, {
        signal: cancel.signal,
        handBack,
        onSettled,
      });
    } else if (run.status === 'failed' && message?.metadata.retryRequested) {
      await this.bus.resumeSequence(runId, String(run.lastEventId), RUN_SUMMARY_RESERVED_IDS);
      events = this.runs.retryRun(runId, { signal: cancel.signal, handBack, onSettled });
    } else {
      if (run.status === 'running') await this.onRunLost(runId, 'worker_lost');
      return;
    }

    let savedAt: number | undefined;
    // Events are published without waiting for each one (the Redis bus sends those of one tick in
    // one round trip, and keeps them while Redis is away); their order is kept, and `done` waits
    // for all before it. Only a full buffer fails the run (events_unavailable) — thrown into the
    // run, which records the failure and yields its error and done like any other.
    let published: Promise<unknown> = Promise.resolve();
    let publishError: unknown;
    const publish = (event: RunEvent) => {
      published = this.bus.publish(runId, event).catch((err: unknown) => {
        publishError ??= err;
      });
    };
    const iterator = events;
    let thrownIn = false;
    const nextEvent = () => {
      if (publishError === undefined || thrownIn) return iterator.next();
      thrownIn = true;
      const reason = publishError instanceof RunEventsUnavailableError ? publishError : undefined;
      this.logger.error(`Run ${runId}: ${reason?.message ?? String(publishError)}`);
      return iterator.throw(
        new EngineError(reason?.code ?? 'events_unavailable', 'The run’s events could not be delivered'),
      );
    };
    try {
      for (let r = await nextEvent(); !r.done; r = await nextEvent()) {
        const { id: _localId, ...event } = r.value;
        if (event.type === 'message') {
          content += event.data.delta;
          const node = event.data.nodeId ?? '';
          nodeText[node] = (nodeText[node] ?? '') + event.data.delta;
          // Saved now and then, so a worker that dies mid-run leaves the text streamed so far.
          // Best effort: the database being away for a moment must not stop the run.
          const now = Date.now();
          savedAt ??= now - PARTIAL_SAVE_MS + FIRST_PARTIAL_SAVE_MS;
          if (message && now - savedAt >= PARTIAL_SAVE_MS) {
            savedAt = now;
            await this.messages
              .update(message.id, { content })
              .catch((e: unknown) => this.logger.warn(`Run ${runId}: partial reply not saved: ${String(e)}`));
          }
        } else if (event.type === 'node') {
          if (event.data.status === 'started') openNodes.add(event.data.nodeId);
          else openNodes.delete(event.data.nodeId);
        } else if (event.type === 'interrupt') asked = event.data;
        else if (event.type === 'sources') sources.push(...event.data.chunks);
        publish(event);
        if (event.type === 'done') {
          await published;
          if (event.data.status !== 'paused') await this.bus.complete(runId);
        }
      }
      // Handed back (no done): what was streamed before still reaches the bus.
      await published;
    } catch (err) {
      // Delivered twice (another process already took the run): not ours to end.
      if (err instanceof DomainError && ALREADY_TAKEN.has(err.code)) {
        this.logger.warn(`Run ${runId} skipped: ${err.message}`);
        return;
      }
      // Before the run started (e.g. it no longer compiles): end it so the stream gets its done.
      const info =
        err instanceof DomainError ? { code: err.code, message: err.message } : LOST_MESSAGES.handler_error;
      if (!(err instanceof DomainError))
        this.logger.error(`Run ${runId}: ${err instanceof Error ? err.message : String(err)}`);
      await this.finishExternally(runId, 'failed', info);
    } finally {
      queueSignal.removeEventListener('abort', onAbort);
    }
  }

  /** Worker lost, job timeout or handler crash: fail the run, settle the reply, end the stream. */
  async onRunLost(runId: string, reason: RunLostReason): Promise<void> {
    await this.finishExternally(runId, 'failed', LOST_MESSAGES[reason]);
  }

  /** Ends an unfinished run from outside its executor; idempotent across processes. */
  private async finishExternally(
    runId: string,
    status: 'failed' | 'cancelled',
    info: RunErrorInfo,
  ): Promise<void> {
    const ended = await this.runs.endRun(runId, status, info);
    if (!ended) return;
    const usage: TokenUsage = {
      promptTokens: ended.promptTokens,
      completionTokens: ended.completionTokens,
      costUsd: ended.costUsd,
    };
    if (ended.messageId) {
      const message = await this.messages.findById(ended.messageId);
      if (message) {
        const { resumeInput: _unused, retryRequested: _retry, ...metadata } = message.metadata;
        await this.messages.update(message.id, {
          status,
          metadata: {
            ...metadata,
            usage,
            error: { code: info.code, message: info.message },
          } as ChatMessageMetadata,
        });
      }
    }
    // A paused run ended here goes on after its done: above the ids kept free for a summary. (For
    // a run that was running, the row's last id is older than what was published: no effect.)
    await this.bus.resumeSequence(runId, String(ended.lastEventId), RUN_SUMMARY_RESERVED_IDS);
    if (status === 'failed') await this.bus.publish(runId, { type: 'error', data: info });
    const doneId = await this.bus.publish(runId, {
      type: 'done',
      data: { runId, ...(ended.messageId ? { messageId: ended.messageId } : {}), status, usage },
    });
    await this.bus.complete(runId);
    // A retry or a reconnect after this done continues from here.
    await this.runs.setLastEventId(runId, Number(doneId));
  }

  /**
   * The user message the reply answers is the input; its ancestors (completed ones) the history.
   * `branch` = the question and its ancestors, oldest first.
   */
  private async runInput(run: WorkflowExecutionEntity, branch: ChatMessageEntity[]) {
    const version = run.agentVersionId ? await this.lockedVersion(run.agentVersionId, run.agentId) : null;
    const question = branch.at(-1);
    const history: ChatTurn[] = branch
      .slice(0, -1)
      .filter(
        (m) => m.content !== '' && (m.role === 'user' || m.status === 'completed' || m.status === 'paused'),
      )
      .map((m) => ({ role: m.role, content: m.content }));
    return {
      input: question?.content ?? '',
      history,
      systemPrompt: version?.systemPrompt ?? null,
      ...(question?.metadata.vars ? { vars: question.metadata.vars } : {}),
    };
  }
}

/** What a paused reply keeps of the question it asks: the prompt, and the choices if it has any. */
function pausedAt(asked: RunEventData<'interrupt'>): Partial<ChatMessageMetadata> {
  if (!asked.prompt) return {};
  if (!asked.choices?.length) return { prompt: asked.prompt };
  return { prompt: asked.prompt, choices: asked.choices, allowFreeText: asked.allowFreeText ?? true };
}

/**
 * 400 `reply_not_a_choice` (at `body.input`) when the paused question offers choices, accepts no
 * free text, and the reply names none of them: refused before the run is resumed, not failed in it.
 */
function assertReplyAccepted(asked: ChatMessageMetadata, input: string): void {
  if (!asked.choices?.length) return;
  const options = { choices: asked.choices, allowFreeText: asked.allowFreeText !== false };
  if (resolveHumanInputReply(input, options).ok) return;
  const message = notAChoiceMessage(options);
  throw new DomainError(400, 'reply_not_a_choice', message, [
    { path: 'body.input', code: 'reply_not_a_choice', message },
  ]);
}

/** The one-streaming-reply-per-chat index fired: another turn of the chat is running (race with a resume). */
function rethrowStreamingConflict(err: unknown): never {
  if ((err as { code?: string }).code === '23505')
    throw DomainError.conflict('run_in_progress', 'A reply is still being generated in this chat');
  throw err;
}
