import { Injectable } from '@nestjs/common';
import type {
  PostMessageRequest,
  PostMessageResponse,
  ResumeRunRequest,
  RunEvent,
} from '@agenthub/contracts';
import type { Request, Response } from 'express';
import type { AuthUser } from '../common/auth.decorators.js';
import { parseEventId, type RunEventEnvelope } from '../queue/run-event-bus.port.js';
import { RunQueryService } from '../runtime/run-query.service.js';
import { writeSse } from '../common/sse.util.js';
import { ChatRunService } from './chat-run.service.js';
import { ENDED_RUN_GRACE_MS, isEndedRun, planEndedRunReplay } from './run-replay.js';

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

  /**
   * `GET /runs/:id/stream`: a live run's events after Last-Event-ID, then live, to its next `done`;
   * a run that ended (or paused) by the replay rules of `planEndedRunReplay` (ARCHITECTURE.md 6).
   */
  async stream(user: AuthUser, runId: string, lastEventId: string | undefined, req: Request, res: Response) {
    const run = await this.chatRuns.loadRunOwned(user, runId);
    const header = req.headers['last-event-id'];
    const afterId = (Array.isArray(header) ? header[0] : header) ?? lastEventId;
    const after = parseEventId(afterId, header !== undefined ? 'headers.last-event-id' : 'query.lastEventId');
    if (!isEndedRun(run.status)) return this.relay(req, res, runId, afterId);

    const plan = planEndedRunReplay(after, run, await this.chatRuns.eventPosition(runId));
    /** The summary's events above the client's id (the end of a summary it saw part of). */
    const summary = async (summaryAfter: number) =>
      (await this.chatRuns.summaryOf(run, summaryAfter)).filter((e) => e.id > after);
    if (plan.from === 'nothing') return endWithoutEvents(res);
    if (plan.from === 'summary') {
      const events = await summary(plan.afterId);
      if (events.length === 0) return endWithoutEvents(res);
      return writeSse(req, res, toAsync(events));
    }
    const disconnected = new AbortController();
    const { otherwise } = plan;
    const fromBus = this.throughFinalDone(runId, after, plan.through, disconnected.signal);
    const source = withIdleFallback(fromBus, ENDED_RUN_GRACE_MS, disconnected, async (lastSent) => {
      // Some events went out and the end never came: the summary above them replaces them.
      if (lastSent !== undefined) return this.chatRuns.summaryOf(run, Math.max(plan.through, lastSent));
      return otherwise.from === 'summary' ? summary(otherwise.afterId) : [];
    });
    await writeSse(req, res, source, {
      abortController: disconnected,
      emptyAsNoContent: true,
      endAtDone: false,
    });
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

  private async relay(req: Request, res: Response, runId: string, afterId?: string): Promise<void> {
    const disconnected = new AbortController();
    const events = mapEnvelopes(this.chatRuns.subscribe(runId, afterId, disconnected.signal));
    await writeSse(req, res, events, { abortController: disconnected });
  }

  /** A finished run's buffered events after `after`, across its segments, to the done at `through`. */
  private async *throughFinalDone(runId: string, after: number, through: number, signal: AbortSignal) {
    let from = after;
    for (;;) {
      let last: number | undefined;
      for await (const event of mapEnvelopes(this.chatRuns.subscribe(runId, String(from), signal))) {
        yield event;
        last = event.id;
      }
      // Each segment ends with a done (a paused one's before a resume); or the client left.
      if (last === undefined || last >= through || signal.aborted) return;
      from = last;
    }
  }
}

type SseEvent = RunEvent & { id: number };

/** 204: nothing to send. A browser EventSource stops reconnecting on it (HTML SSE rules). */
function endWithoutEvents(res: Response): void {
  res.statusCode = 204;
  res.end();
}

async function* toAsync(events: SseEvent[]) {
  yield* events;
}

async function* mapEnvelopes(events: AsyncIterable<RunEventEnvelope>): AsyncGenerator<SseEvent> {
  for await (const { id, event } of events) yield { ...event, id: Number(id) };
}

/**
 * `events` while each next one comes within `idleMs`; else it stops them and ends with
 * `fallback(id of the last event sent)`. For an ended run every event is buffered already, so a
 * wait means its end is late or lost, never that the run is still thinking.
 */
async function* withIdleFallback(
  events: AsyncIterable<SseEvent>,
  idleMs: number,
  stop: AbortController,
  fallback: (lastSent: number | undefined) => Promise<SseEvent[]>,
) {
  const iterator = events[Symbol.asyncIterator]();
  let lastSent: number | undefined;
  for (;;) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), idleMs);
    });
    const next = await Promise.race([iterator.next(), timeout]);
    clearTimeout(timer);
    if (next === 'timeout') {
      // Ends the pending subscription (it stops quietly on abort) before answering from the row.
      stop.abort();
      yield* await fallback(lastSent);
      return;
    }
    if (next.done) return;
    lastSent = next.value.id;
    yield next.value;
  }
}
