import { Injectable } from '@nestjs/common';
import type {
  PostMessageRequest,
  PostMessageResponse,
  ResumeRunRequest,
  RunEventOf,
} from '@agenthub/contracts';
import type { Request, Response } from 'express';
import type { AuthUser } from '../common/auth.decorators.js';
import { parseEventId, type RunEventEnvelope } from '../queue/run-event-bus.port.js';
import { RunQueryService } from '../runtime/run-query.service.js';
import { writeSse } from '../runtime/sse.util.js';
import type { WorkflowExecutionEntity } from '../runtime/workflow-execution.entity.js';
import { ChatRunService } from './chat-run.service.js';

/** Whether the client asked for the event stream rather than JSON after completion. */
export function wantsEventStream(req: Request): boolean {
  return (req.headers.accept ?? '').includes('text/event-stream');
}

/**
 * The HTTP side of chat runs: relays a run's events from the RunEventBus as SSE (any API
 * replica can, whichever process executes the run), or waits for `done` and answers JSON.
 * A client that disconnects only stops listening: the run goes on and can be re-joined with
 * `GET /runs/:id/stream` and `Last-Event-ID`.
 */
@Injectable()
export class ChatStreamService {
  constructor(
    private readonly chatRuns: ChatRunService,
    private readonly runQueries: RunQueryService,
  ) {}

  async postMessage(user: AuthUser, chatId: string, body: PostMessageRequest, req: Request, res: Response) {
    const turn = await this.chatRuns.post(user, chatId, body);
    if (wantsEventStream(req)) return this.relay(req, res, turn.runId);
    await this.chatRuns.waitForDone(turn.runId);
    const response: PostMessageResponse = {
      userMessage: await this.chatRuns.messageDto(turn.userMessage.id),
      assistantMessage: await this.chatRuns.messageDto(turn.assistantMessage.id),
      run: await this.runQueries.get(user, turn.runId),
    };
    res.status(201).json(response);
  }

  async stream(user: AuthUser, runId: string, lastEventId: string | undefined, req: Request, res: Response) {
    const run = await this.chatRuns.loadRunOwned(user, runId);
    const header = req.headers['last-event-id'];
    const afterId = (Array.isArray(header) ? header[0] : header) ?? lastEventId;
    parseEventId(afterId, header !== undefined ? 'headers.last-event-id' : 'query.lastEventId');
    const ended = run.status !== 'queued' && run.status !== 'running';
    await this.relay(req, res, runId, afterId, ended ? endedRunDone(run) : undefined);
  }

  async resume(user: AuthUser, runId: string, body: ResumeRunRequest, req: Request, res: Response) {
    const { afterId } = await this.chatRuns.resume(user, runId, body.input);
    if (wantsEventStream(req)) return this.relay(req, res, runId, afterId);
    await this.chatRuns.waitForDone(runId, afterId);
    res.status(200).json(await this.runQueries.get(user, runId));
  }

  async retry(user: AuthUser, runId: string, req: Request, res: Response) {
    const { afterId } = await this.chatRuns.retry(user, runId);
    if (wantsEventStream(req)) return this.relay(req, res, runId, afterId);
    await this.chatRuns.waitForDone(runId, afterId);
    res.status(200).json(await this.runQueries.get(user, runId));
  }

  /**
   * `ended`: the run already ended (or paused). Its events may have expired from the bus, or the
   * client may have seen its `done` already; then nothing would ever arrive, so after a short
   * wait the stream ends with a `done` rebuilt from the run row instead of hanging.
   */
  private async relay(
    req: Request,
    res: Response,
    runId: string,
    afterId?: string,
    ended?: RunEventOf<'done'> & { id: number },
  ): Promise<void> {
    const disconnected = new AbortController();
    const events = this.chatRuns.subscribe(runId, afterId, disconnected.signal);
    const source = ended ? withFallbackDone(events, ended, disconnected) : mapEnvelopes(events);
    await writeSse(req, res, source, { abortController: disconnected });
  }
}

/** How long a stream of an ended run waits for replayed events before answering from the row. */
const ENDED_RUN_GRACE_MS = 1000;

function endedRunDone(run: WorkflowExecutionEntity): RunEventOf<'done'> & { id: number } {
  const status = run.status === 'paused' ? 'paused' : (run.status as 'completed' | 'failed' | 'cancelled');
  return {
    id: run.lastEventId,
    type: 'done',
    data: {
      runId: run.id,
      ...(run.messageId ? { messageId: run.messageId } : {}),
      status,
      usage: { promptTokens: run.promptTokens, completionTokens: run.completionTokens, costUsd: run.costUsd },
    },
  };
}

async function* mapEnvelopes(events: AsyncIterable<RunEventEnvelope>) {
  for await (const { id, event } of events) yield { ...event, id };
}

async function* withFallbackDone(
  events: AsyncIterable<RunEventEnvelope>,
  fallback: RunEventOf<'done'> & { id: number },
  stop: AbortController,
) {
  const iterator = events[Symbol.asyncIterator]();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ENDED_RUN_GRACE_MS);
  });
  const first = await Promise.race([iterator.next(), timeout]);
  clearTimeout(timer);
  if (first === 'timeout') {
    // Ends the pending subscription (it stops quietly on abort) before answering from the row.
    stop.abort();
    yield fallback;
    return;
  }
  if (first.done) return;
  yield { ...first.value.event, id: first.value.id };
  for (let r = await iterator.next(); !r.done; r = await iterator.next())
    yield { ...r.value.event, id: r.value.id };
}
