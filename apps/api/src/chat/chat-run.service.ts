import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type {
  ChatMessageList,
  ChatTurn,
  PostMessageRequest,
  RunErrorInfo,
  RunEvent,
  TokenUsage,
} from '@agenthub/contracts';
import { DataSource, type Repository } from 'typeorm';
import { AgentVersionEntity } from '../agent/agent-version.entity.js';
import type { AuthUser } from '../common/auth.decorators.js';
import { DomainError } from '../common/domain-error.js';
import { assertOwned } from '../common/ownership.util.js';
import { AppConfig } from '../config/app-config.js';
import { RunEventBus, type RunEventEnvelope } from '../queue/run-event-bus.port.js';
import { QUEUE_SETTINGS, type QueueSettings } from '../queue/queue-settings.js';
import { RunQueue, runAbortCause, type RunLostReason } from '../queue/run-queue.port.js';
import { type HandBack, RunService } from '../runtime/run.service.js';
import type { WorkflowExecutionEntity } from '../runtime/workflow-execution.entity.js';
import { StoreService } from '../store/store.service.js';
import type { ChatMessageEntity, ChatMessageMetadata } from './chat-message.entity.js';
import { ChatLimitsService } from './chat-limits.service.js';
import { ChatMessageRepository } from './chat-message.repository.js';
import { toMessageDto } from './chat.mapper.js';
import { ChatRepository } from './chat.repository.js';
import { ChatService } from './chat.service.js';
import { pickModelParams } from './model-params.util.js';

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

  constructor(
    private readonly dataSource: DataSource,
    private readonly chats: ChatRepository,
    private readonly messages: ChatMessageRepository,
    private readonly chatService: ChatService,
    private readonly runs: RunService,
    private readonly queue: RunQueue,
    private readonly bus: RunEventBus,
    private readonly store: StoreService,
    private readonly limits: ChatLimitsService,
    private readonly config: AppConfig,
    @Inject(QUEUE_SETTINGS) private readonly queueSettings: QueueSettings,
    @InjectRepository(AgentVersionEntity) private readonly versions: Repository<AgentVersionEntity>,
  ) {}

  onModuleInit(): void {
    this.queue.registerHandler((runId, signal) => this.execute(runId, signal));
    this.queue.onRunLost((runId, reason) => this.onRunLost(runId, reason));
  }

  async listMessages(user: AuthUser, chatId: string): Promise<ChatMessageList> {
    const chat = await this.chatService.loadOwned(user, chatId);
    return { items: (await this.messages.listForChat(chat.id)).map(toMessageDto) };
  }

  /**
   * Stores the user's message (or, for a regenerate, reuses the user message given as parent),
   * creates the streaming assistant reply and its run, and enqueues the run.
   */
  async post(user: AuthUser, chatId: string, body: PostMessageRequest): Promise<PostedTurn> {
    // Ownership first: a foreign chat is 404 whatever the caller's quota.
    await this.chatService.loadOwned(user, chatId);
    await this.limits.assertCanStartRun(user.id);
    const { chat, userMessage, assistantMessage } = await this.dataSource
      .transaction(async (manager) => {
        const chat = await this.chats.lockLive(chatId, manager);
        assertOwned(chat, user, { ownerKey: 'userId', what: 'Chat' });
        if (await this.messages.hasStreaming(chat.id, manager))
          throw DomainError.conflict('run_in_progress', 'A reply is still being generated in this chat');
        const parent = body.parentMessageId
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
            : await this.messages.create(
                {
                  chatId: chat.id,
                  parentId: parent?.id ?? null,
                  role: 'user',
                  content: body.content,
                  status: 'completed',
                },
                manager,
              );
        const assistantMessage = await this.messages.create(
          {
            chatId: chat.id,
            parentId: userMessage.id,
            role: 'assistant',
            content: '',
            status: 'streaming',
            metadata: { agentVersion: chat.agentVersion },
          },
          manager,
        );
        await this.chats.touch(chat.id, manager);
        return { chat, userMessage, assistantMessage };
      })
      .catch(rethrowStreamingConflict);

    let run: WorkflowExecutionEntity;
    try {
      const version = await this.versions.findOneOrFail({ where: { id: chat.agentVersionId } });
      const [agent] = (await this.dataSource.query(`SELECT owner_id FROM agents WHERE id = $1`, [
        chat.agentId,
      ])) as Array<{
        owner_id: string;
      }>;
      run = await this.runs.createRun({
        kind: 'chat',
        definition: version.resolvedDefinition,
        agentId: chat.agentId,
        versionId: version.id,
        agentVersion: chat.agentVersion,
        chatId: chat.id,
        messageId: assistantMessage.id,
        userId: user.id,
        // Published agents run with their developer's service configs.
        serviceOwnerId: agent?.owner_id ?? user.id,
        serviceDependencies: version.serviceDependencies,
        modelParams: pickModelParams(version.modelParamsOverride),
        stepLimit: version.stepLimit,
      });
    } catch (err) {
      // The run never existed (e.g. the version no longer compiles): the reply must not stay streaming.
      const error =
        err instanceof DomainError ? { code: err.code, message: err.message } : LOST_MESSAGES.handler_error;
      await this.messages.update(assistantMessage.id, {
        status: 'failed',
        metadata: { ...assistantMessage.metadata, error },
      });
      throw err;
    }
    await this.messages.update(assistantMessage.id, { runId: run.id });
    assistantMessage.runId = run.id;
    await this.queue.enqueue(run.id);
    await this.store
      .recordUsage(user.id, chat.agentId)
      .catch((e: unknown) => this.logger.warn(`Usage not recorded: ${String(e)}`));
    return { userMessage, assistantMessage, runId: run.id };
  }

  /** The run's events after `afterId` then live, ending with `done` (or when `signal` aborts). */
  subscribe(runId: string, afterId?: string, signal?: AbortSignal): AsyncIterable<RunEventEnvelope> {
    return this.bus.subscribe(runId, afterId, signal);
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
    if (run.status === 'completed' || run.status === 'failed' || run.status === 'cancelled')
      throw DomainError.conflict('run_not_active', `Run is already ${run.status}`);
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
    if (run.status !== 'paused')
      throw DomainError.conflict('run_not_paused', `Run is ${run.status}; only a paused run can be resumed`);
    if (!run.messageId || !run.chatId)
      throw DomainError.conflict('run_not_resumable', 'Only chat runs are resumed here');
    const message = await this.messages.findById(run.messageId);
    if (!message) throw DomainError.notFound('Message');
    await this.messages
      .update(message.id, { status: 'streaming', metadata: { ...message.metadata, resumeInput: input } })
      .catch(rethrowStreamingConflict);
    await this.queue.enqueue(runId);
    return { run, afterId: String(run.lastEventId) };
  }

  /** Retries a failed run from its checkpoint through the queue: finished nodes do not run again. */
  async retry(user: AuthUser, runId: string): Promise<{ run: WorkflowExecutionEntity; afterId: string }> {
    const run = await this.loadRunOwned(user, runId);
    if (run.status !== 'failed')
      throw DomainError.conflict('run_not_failed', `Run is ${run.status}; only a failed run can be retried`);
    if (!run.messageId || !run.chatId)
      throw DomainError.conflict('run_not_resumable', 'Only chat runs are retried here');
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
    const run = await this.runs.findRun(runId);
    if (!run) return;
    const message = run.messageId ? await this.messages.findById(run.messageId) : null;
    // Only a user's cancel is a cancel; timeouts are the run service's own failures (RUN_TIMEOUT_MS).
    // A worker stopping (bullmq: `shutdown`, after QUEUE_SHUTDOWN_GRACE_MS) hands the run back:
    // the queue moves the job back to `wait` and another worker continues it from its checkpoint.
    // Inline, no other process can continue it: the run service fails it (`server_shutdown`).
    const cancel = new AbortController();
    const queueShutdown = new AbortController();
    let handedOver = false;
    const handBack: HandBack | undefined =
      this.config.queueMode === 'bullmq'
        ? {
            signal: queueShutdown.signal,
            graceMs: this.queueSettings.shutdownGraceMs,
            // Called while the database is still open (see RunService.beforeApplicationShutdown).
            onHandedBack: async () => {
              handedOver = true;
              await saveHandedBack();
            },
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

    let events: AsyncIterable<RunEvent & { id: number }>;
    const handedBack = RunService.isHandedBack(run);
    if (handedBack) {
      // Ids go on from the last one published (the Redis sequence may have expired meanwhile).
      await this.bus.resumeSequence(runId, String(run.lastEventId));
      events = this.runs.continueRun(runId, { signal: cancel.signal, handBack });
    } else if (run.status === 'queued') {
      const start = await this.runInput(run, message);
      events = this.runs.executeRun(runId, { ...start, signal: cancel.signal, handBack });
    } else if (run.status === 'paused' && message?.metadata.resumeInput !== undefined) {
      if (cancel.signal.aborted) {
        await this.finishExternally(runId, 'cancelled', {
          code: 'cancelled',
          message: 'The run was cancelled',
        });
        return;
      }
      await this.bus.resumeSequence(runId, String(run.lastEventId));
      events = this.runs.resumeRun(runId, message.metadata.resumeInput, {
        signal: cancel.signal,
        handBack,
      });
    } else if (run.status === 'failed' && message?.metadata.retryRequested) {
      await this.bus.resumeSequence(runId, String(run.lastEventId));
      events = this.runs.retryRun(runId, { signal: cancel.signal, handBack });
    } else {
      if (run.status === 'running') await this.onRunLost(runId, 'worker_lost');
      return;
    }

    // Text per node: a retry drops what the failed node streamed before it failed.
    const nodeText: Record<string, string> = { ...(message?.metadata.nodeText ?? {}) };
    const failedNode = run.status === 'failed' ? (run.errorInfo?.nodeId ?? run.currentNode) : null;
    if (failedNode) delete nodeText[failedNode];
    // A handed-back run's text per node already lacks the interrupted node (dropped at hand-back).
    let content = failedNode || handedBack ? Object.values(nodeText).join('') : (message?.content ?? '');
    /** Nodes started and not finished: their text is incomplete if the run is handed back. */
    const openNodes = new Set<string>();
    saveHandedBack = async () => {
      if (!message) return;
      // The reply keeps its text so far (still `streaming`); the interrupted nodes' text is dropped
      // from nodeText since they run again from the start on the next worker.
      for (const node of openNodes) delete nodeText[node];
      await this.messages.update(message.id, { content, metadata: { ...message.metadata, nodeText } });
    };
    let savedAt = 0;
    let prompt: string | undefined;
    let error: RunErrorInfo | undefined;
    try {
      for await (const { id: _localId, ...event } of events) {
        if (event.type === 'message') {
          content += event.data.delta;
          const node = event.data.nodeId ?? '';
          nodeText[node] = (nodeText[node] ?? '') + event.data.delta;
          // Saved now and then, so a worker that dies mid-run leaves the text streamed so far.
          if (message && Date.now() - savedAt >= PARTIAL_SAVE_MS) {
            savedAt = Date.now();
            await this.messages.update(message.id, { content });
          }
        } else if (event.type === 'node') {
          if (event.data.status === 'started') openNodes.add(event.data.nodeId);
          else openNodes.delete(event.data.nodeId);
        } else if (event.type === 'interrupt') prompt = event.data.prompt;
        else if (event.type === 'error') error = event.data;
        if (event.type === 'done' && message) {
          const {
            resumeInput: _used,
            retryRequested: _retried,
            error: _old,
            prompt: _asked,
            ...metadata
          } = message.metadata;
          await this.messages.update(message.id, {
            content,
            status: FINAL_MESSAGE_STATUS[event.data.status],
            metadata: {
              ...metadata,
              nodeText,
              usage: await this.totalUsage(runId, event.data.usage),
              ...(error ? { error: { code: error.code, message: error.message } } : {}),
              ...(event.data.status === 'paused' && prompt ? { prompt } : {}),
            },
          });
        }
        await this.bus.publish(runId, event);
        if (event.type === 'done' && event.data.status !== 'paused') await this.bus.complete(runId);
      }
      // Handed back at shutdown before the queue's own abort: returning now would complete the
      // job, so wait for the queue to abort it (`shutdown`) and move it back to `wait`.
      if (handedOver && !queueSignal.aborted)
        await new Promise((resolve) => queueSignal.addEventListener('abort', resolve, { once: true }));
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
    if (status === 'failed') await this.bus.publish(runId, { type: 'error', data: info });
    const doneId = await this.bus.publish(runId, {
      type: 'done',
      data: { runId, ...(ended.messageId ? { messageId: ended.messageId } : {}), status, usage },
    });
    await this.bus.complete(runId);
    // A retry or a reconnect after this done continues from here.
    await this.runs.setLastEventId(runId, Number(doneId));
  }

  /** The user message the reply answers is the input; its ancestors (completed ones) the history. */
  private async runInput(run: WorkflowExecutionEntity, message: ChatMessageEntity | null) {
    const version = run.agentVersionId
      ? await this.versions.findOne({ where: { id: run.agentVersionId } })
      : null;
    const branch = message?.parentId ? await this.messages.branch(message.parentId) : [];
    const question = branch.at(-1);
    const history: ChatTurn[] = branch
      .slice(0, -1)
      .filter(
        (m) => m.content !== '' && (m.role === 'user' || m.status === 'completed' || m.status === 'paused'),
      )
      .map((m) => ({ role: m.role, content: m.content }));
    return { input: question?.content ?? '', history, systemPrompt: version?.systemPrompt ?? null };
  }

  /** The reply's usage over all segments of the run (a resumed run adds to the paused one). */
  private async totalUsage(runId: string, fallback: TokenUsage): Promise<TokenUsage> {
    const run = await this.runs.findRun(runId);
    return run
      ? { promptTokens: run.promptTokens, completionTokens: run.completionTokens, costUsd: run.costUsd }
      : fallback;
  }
}

/** The one-streaming-reply-per-chat index fired: another turn of the chat is running (race with a resume). */
function rethrowStreamingConflict(err: unknown): never {
  if ((err as { code?: string }).code === '23505')
    throw DomainError.conflict('run_in_progress', 'A reply is still being generated in this chat');
  throw err;
}
