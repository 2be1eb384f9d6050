import type { Logger } from '@nestjs/common';
import { retryWithBackoff } from '../common/retry.util.js';
import {
  RunAbortedError,
  runAbortCause,
  type RunHandler,
  type RunLostListener,
  type RunLostReason,
} from './run-queue.port.js';

export type RunOutcome = 'finished' | 'cancelled' | 'timeout' | 'shutdown' | 'error';

export interface ExecuteRunOptions {
  runId: string;
  handler: RunHandler;
  controller: AbortController;
  timeoutMs: number;
  /** After an abort, how long the handler may take to return before its slot is freed anyway. */
  abortGraceMs: number;
  notifyLost: (runId: string, reason: RunLostReason) => Promise<void>;
  logger: Logger;
}

/**
 * Runs one handler with the per-job timeout, shared by both adapters so they behave alike:
 * timeout → abort (reason `timeout`) → wait for the handler (bounded) → `onRunLost('timeout')`.
 * A handler that ignores its signal cannot be killed in-process; it keeps running detached but
 * no longer holds a concurrency slot.
 */
export async function executeRun(opts: ExecuteRunOptions): Promise<{ outcome: RunOutcome; error?: unknown }> {
  const { runId, controller, logger } = opts;
  const signal = controller.signal;
  const timer = setTimeout(() => controller.abort(new RunAbortedError('timeout')), opts.timeoutMs);
  timer.unref();

  let error: unknown;
  let failed = false;
  const handled = Promise.resolve()
    .then(() => opts.handler(runId, signal))
    .catch((err: unknown) => {
      failed = true;
      error = err;
    });
  let graceTimer: NodeJS.Timeout | undefined;
  const abortedAndGraceElapsed = new Promise<'grace'>((resolve) => {
    const startGrace = () => {
      graceTimer = setTimeout(() => resolve('grace'), opts.abortGraceMs);
      graceTimer.unref();
    };
    if (signal.aborted) startGrace();
    else signal.addEventListener('abort', startGrace, { once: true });
  });
  const settled = await Promise.race([handled.then(() => 'handled' as const), abortedAndGraceElapsed]);
  clearTimeout(timer);
  clearTimeout(graceTimer);
  if (settled === 'grace')
    logger.warn(`Run ${runId}: handler ignored its abort signal for ${opts.abortGraceMs} ms; slot released`);

  const cause = runAbortCause(signal);
  if (cause === 'timeout') {
    await opts.notifyLost(runId, 'timeout');
    return { outcome: 'timeout' };
  }
  if (cause === 'shutdown') return { outcome: 'shutdown' };
  if (failed && cause === null) {
    logger.error(`Run ${runId}: handler threw: ${error instanceof Error ? error.message : String(error)}`);
    await opts.notifyLost(runId, 'handler_error');
    return { outcome: 'error', error };
  }
  return { outcome: cause === 'cancelled' ? 'cancelled' : 'finished' };
}

/**
 * Calls every run-lost listener; one failing listener does not keep the others from running.
 * A listener that throws (its database is restarting) is retried with backoff until it succeeds
 * (10 minutes at most): a lost run's report is what settles it and sends its stream `done`.
 */
export async function callRunLostListeners(
  listeners: readonly RunLostListener[],
  runId: string,
  reason: RunLostReason,
  logger: Logger,
): Promise<void> {
  if (listeners.length === 0)
    logger.warn(`Run ${runId} lost (${reason}) but no onRunLost listener is registered`);
  for (const listener of listeners) {
    try {
      await retryWithBackoff(() => listener(runId, reason), {
        what: `onRunLost(${runId}, ${reason})`,
        logger,
      });
    } catch (err) {
      logger.error(
        `onRunLost(${runId}, ${reason}) failed: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }
}
