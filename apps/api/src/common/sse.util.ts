import { Logger } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RunEvent } from '@agenthub/contracts';

export const SSE_HEARTBEAT_MS = 15_000;

export interface WriteSseOptions {
  /** Aborted when the client disconnects before the stream ended: cancels the run at once. */
  abortController?: AbortController;
  /**
   * Interval of the `: ping` comment that keeps idle connections open through proxies; also the
   * bound on a client that stops reading (closed after one full interval without progress).
   */
  heartbeatMs?: number;
  /**
   * A source that ends without any event is answered `204 No Content` instead of an empty
   * stream: a browser EventSource then stops reconnecting (an empty 200 would be retried forever).
   */
  emptyAsNoContent?: boolean;
  /**
   * The stream ends after the first `done` (default). False: the source decides (the replay of a
   * finished run that paused and was resumed has a `done` per segment).
   */
  endAtDone?: boolean;
}

type SseEvent = RunEvent & { id?: number | string };

/** One SSE frame. JSON has no raw newlines, so `data` is always a single line. */
export function formatSseEvent(event: SseEvent): string {
  const id = event.id !== undefined ? `id: ${String(event.id).replace(/[\r\n]/g, '')}\n` : '';
  return `${id}event: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`;
}

/** Streams open in this process; read by the `agenthub_sse_streams_active` gauge. */
let activeStreams = 0;
export const activeSseStreams = (): number => activeStreams;

/** How a stream's items become SSE text: run events by default, OpenAI chunks for `/v1`. */
export interface SseFraming<E> {
  /** The frame(s) of one item, each ending in a blank line. */
  frame(item: E): string;
  /** The stream ends after this item. */
  isLast(item: E): boolean;
  /** Written when the source throws (a bug or a lost database; runs report failures as events). */
  failure: string;
  /** Written once at the end unless the client is gone (OpenAI's `data: [DONE]`). */
  trailer?: string;
}

const runEventFraming = (endAtDone: boolean): SseFraming<SseEvent> => ({
  frame: formatSseEvent,
  isLast: (event) => endAtDone && event.type === 'done',
  failure: formatSseEvent({
    type: 'error',
    data: { code: 'internal_error', message: 'The event stream failed' },
  }),
});

/**
 * Streams run events as Server-Sent Events (`id:`, `event:`, `data:` JSON) and ends after `done`
 * (see `endAtDone`). See {@link writeSseFrames} for the connection handling.
 */
export function writeSse(
  req: IncomingMessage,
  res: ServerResponse,
  events: AsyncIterable<SseEvent>,
  options: WriteSseOptions = {},
): Promise<void> {
  return writeSseFrames(req, res, events, runEventFraming(options.endAtDone !== false), options);
}

/**
 * The one SSE writer of the API (chat runs, test runs, run streams, `/v1`): heartbeat comments,
 * backpressure (a write waits for `drain`), the active-streams gauge, a stalled client closed.
 *
 * The first item is pulled before any header is written: when the run cannot start (invalid
 * workflow, not found, …) the error propagates to the caller and the global filter answers with
 * a normal JSON error body. A client that disconnects aborts `abortController` and closes the
 * source, which cancels the run.
 */
export async function writeSseFrames<E>(
  req: IncomingMessage,
  res: ServerResponse,
  events: AsyncIterable<E>,
  framing: SseFraming<E>,
  options: Omit<WriteSseOptions, 'endAtDone'> = {},
): Promise<void> {
  const iterator = events[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done && options.emptyAsNoContent) {
    res.statusCode = 204;
    res.end();
    return;
  }

  let closed = false;
  let wake: (() => void) | undefined;
  const onClose = () => {
    if (closed) return;
    closed = true;
    options.abortController?.abort(new Error('The client disconnected'));
    wake?.();
  };
  res.on('close', () => {
    if (!res.writableFinished) onClose();
  });
  req.socket?.setNoDelay?.(true);
  res.statusCode = 200;
  res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader('Connection', 'keep-alive');
  // Without it nginx and similar proxies buffer the stream and deliver it in bursts.
  res.setHeader('X-Accel-Buffering', 'no');
  res.flushHeaders();

  // Events that arrive within one tick (a burst of tokens, a replay) leave in one socket write.
  let corked = false;
  const uncork = () => {
    corked = false;
    res.uncork();
  };
  /** Waits for the socket to drain when the client reads slower than the run produces. */
  const write = async (chunk: string): Promise<void> => {
    if (closed) return;
    if (!corked) {
      corked = true;
      res.cork();
      setImmediate(uncork);
    }
    if (res.write(chunk)) return;
    await new Promise<void>((resolve) => {
      wake = resolve;
      res.once('drain', resolve);
    });
    wake = undefined;
  };

  // A client that reads nothing for a whole heartbeat interval (its buffers stay full) is
  // treated as gone: the socket is closed, which ends the stream and cancels the run, instead of
  // holding the connection and the run's memory for as long as the client likes.
  let stalledTicks = 0;
  res.on('drain', () => (stalledTicks = 0));
  const heartbeat = setInterval(() => {
    if (closed) return;
    if (res.writableNeedDrain) {
      stalledTicks += 1;
      if (stalledTicks >= 2) res.destroy();
      return;
    }
    stalledTicks = 0;
    res.write(': ping\n\n');
  }, options.heartbeatMs ?? SSE_HEARTBEAT_MS);
  heartbeat.unref();

  activeStreams++;
  try {
    let result = first;
    while (!result.done) {
      await write(framing.frame(result.value));
      if (framing.isLast(result.value)) break;
      // Client gone without a way to cancel: stop pulling (return() below ends the producer).
      if (closed && !options.abortController) break;
      // Client gone after an abort: keep draining so the run records its own cancelled end.
      result = await iterator.next();
    }
  } catch (err) {
    await write(framing.failure);
    new Logger('SSE').error(`Event stream failed: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    activeStreams--;
    clearInterval(heartbeat);
    // Releases the producer (for a run: stops it when the client left early).
    await iterator.return?.(undefined);
    if (framing.trailer && !closed) await write(framing.trailer);
    if (!res.writableEnded) res.end();
  }
}
