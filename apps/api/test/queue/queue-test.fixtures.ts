import type { RunEvent } from '@agenthub/contracts';
import type { RunEventBus, RunEventEnvelope } from '../../src/queue/run-event-bus.port';
import { runAbortCause, type RunAbortCause, type RunHandler } from '../../src/queue/run-queue.port';

export const DELTAS = ['Hel', 'lo', ', ', 'wor', 'ld'];
/** `run`, one `message` per delta, `done`. */
export const EVENTS_PER_RUN = DELTAS.length + 2;

export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

export const done = (runId: string, status: 'completed' | 'failed' | 'cancelled'): RunEvent => ({
  type: 'done',
  data: { runId, status, usage: { promptTokens: 0, completionTokens: 0, costUsd: 0 } },
});

export interface FakeHandlerOptions {
  /** Delay before each event. */
  delayMs?: number;
  /** Never finishes by itself: waits for its signal (cancel, timeout, shutdown tests). */
  hang?: boolean;
}

/**
 * What a run owner does, reduced to the queue's contract: publish a few events with small
 * delays and end with `done`; on cancel publish `done` cancelled; on timeout/shutdown stop
 * without finishing (the queue reports a timeout through onRunLost; a hand-back re-runs it).
 */
export function fakeHandler(bus: RunEventBus, options: FakeHandlerOptions = {}) {
  const calls: Array<{ runId: string; abortCause: RunAbortCause | null }> = [];
  const handler: RunHandler = async (runId, signal) => {
    const call = { runId, abortCause: null as RunAbortCause | null };
    calls.push(call);
    signal.addEventListener('abort', () => (call.abortCause = runAbortCause(signal)), { once: true });
    call.abortCause = runAbortCause(signal);
    const finishIfAborted = async (): Promise<boolean> => {
      const cause = runAbortCause(signal);
      if (cause === 'cancelled') await bus.publish(runId, done(runId, 'cancelled'));
      return cause !== null;
    };
    if (await finishIfAborted()) return;
    await bus.publish(runId, { type: 'run', data: { runId } });
    if (options.hang) {
      await sleep(3_600_000, signal);
      await finishIfAborted();
      return;
    }
    for (const delta of DELTAS) {
      await sleep(options.delayMs ?? 20, signal);
      if (await finishIfAborted()) return;
      await bus.publish(runId, { type: 'message', data: { delta } });
    }
    await bus.publish(runId, done(runId, 'completed'));
    await bus.complete(runId);
  };
  return { handler, calls };
}

/** Reads a subscription, optionally stopping (like a dropped connection) after `limit` events. */
export async function collect(
  events: AsyncIterable<RunEventEnvelope>,
  limit = Infinity,
): Promise<RunEventEnvelope[]> {
  const out: RunEventEnvelope[] = [];
  if (limit <= 0) return out;
  for await (const e of events) {
    out.push(e);
    if (out.length >= limit) break;
  }
  return out;
}

/** Resolves with the first value `fn` returns that is not undefined, polling (for cross-process state). */
export async function eventually<T>(
  fn: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 10_000,
): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await sleep(20);
  }
}
