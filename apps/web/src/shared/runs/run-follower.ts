import { isApiError } from '@/api/api-error';
import type { EventStreamHandlers } from '@/api/chats.api';
import type { RunStreamEvent } from './run-events.reducer';

/** What the stream indicator shows (`stream-status` `data-state`). */
export type StreamState = 'live' | 'reconnecting' | 'idle';

/** Opens one connection; resolves when the server closes it, rejects when it fails. */
export type Connect = (handlers: EventStreamHandlers) => Promise<void>;

export interface FollowRunOptions {
  /** The first connection: posting the message, resuming, retrying or joining the run. */
  connect: Connect;
  /** A later connection after a drop: the run's stream after `lastEventId`. */
  reattach: (runId: string, lastEventId: number, handlers: EventStreamHandlers) => Promise<void>;
  /** Known up front when joining an existing run; otherwise read from the `run` event. */
  runId?: string;
  /** The last event id already applied (a resume or retry continues after it). */
  lastEventId?: number;
  onEvent: (event: RunStreamEvent) => void;
  onState?: (state: StreamState) => void;
  signal: AbortSignal;
  /** Wait before reconnect attempt `n` (1-based). */
  backoffMs?: (attempt: number) => number;
  /** Attempts in a row without any event before giving up. */
  maxAttempts?: number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** The connection ended before the run's `run` event: nothing tells which run to re-join. */
export class RunStreamLostError extends Error {
  constructor(cause?: unknown) {
    super('The connection was lost before the run started', { cause });
    this.name = 'RunStreamLostError';
  }
}

export const defaultBackoffMs = (attempt: number) => Math.min(500 * 2 ** (attempt - 1), 8000);

const abortableSleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

/** A 4xx says the request itself is wrong (run gone, not ours…): reconnecting will not help. */
function isFinal(err: unknown): boolean {
  return isApiError(err) && err.status >= 400 && err.status < 500 && err.status !== 408 && err.status !== 429;
}

/**
 * Follows a run to its `done`, across dropped connections: after a drop it re-joins with
 * `GET /runs/:id/stream` and Last-Event-ID (never re-sending the first request), backing off
 * between attempts. Resolves on `done`, on a 204 (nothing after our last id: the server's replay
 * rule for a run whose end we already have), or when `signal` aborts; rejects when it cannot go on.
 */
export async function followRun(options: FollowRunOptions): Promise<void> {
  const { signal, onState = () => undefined } = options;
  const backoff = options.backoffMs ?? defaultBackoffMs;
  const sleep = options.sleep ?? abortableSleep;
  const maxAttempts = options.maxAttempts ?? 30;
  let runId = options.runId;
  let lastEventId = options.lastEventId ?? 0;
  let done = false;
  let failures = 0;

  const handlers: EventStreamHandlers = {
    signal,
    onOpen: () => onState('live'),
    onEvent: (event) => {
      if (signal.aborted) return;
      failures = 0;
      if (event.id > lastEventId) lastEventId = event.id;
      if (event.type === 'run') runId = event.data.runId;
      if (event.type === 'done') done = true;
      options.onEvent(event);
    },
    // The server has nothing after our last id (we have the run's end): reconnecting cannot help.
    onNothingMore: () => {
      done = true;
    },
  };

  onState('live');
  let connect: () => Promise<void> = () => options.connect(handlers);
  try {
    for (;;) {
      let failure: unknown;
      try {
        await connect();
      } catch (err) {
        failure = err;
      }
      if (done || signal.aborted) return;
      if (failure !== undefined && isFinal(failure)) throw failure;
      if (!runId) throw new RunStreamLostError(failure);
      failures++;
      if (failures > maxAttempts) throw failure ?? new RunStreamLostError();
      onState('reconnecting');
      await sleep(backoff(failures), signal);
      if (signal.aborted) return;
      const id = runId;
      connect = () => options.reattach(id, lastEventId, handlers);
    }
  } finally {
    onState('idle');
  }
}
