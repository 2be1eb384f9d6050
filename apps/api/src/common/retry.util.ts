import type { Logger } from '@nestjs/common';

export interface RetryOptions {
  /** What is retried, for the log (`Recording the end of run …`). */
  what: string;
  logger: Pick<Logger, 'warn'>;
  /** First delay; doubled after every failure up to `maxDelayMs`. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Gives up (rethrows the last error) after this long in all. */
  giveUpAfterMs?: number;
  /** Stops retrying (rethrows the last error) once aborted: process shutdown. */
  signal?: AbortSignal;
  /** Only errors it accepts are retried (default: all); others are rethrown at once. */
  retryIf?: (err: unknown) => boolean;
}

/** Default: an outage of a dependency (database restart, failover) is waited out for 10 minutes. */
const GIVE_UP_AFTER_MS = 10 * 60_000;

/**
 * Calls `fn` until it succeeds, with exponential backoff (200 ms doubling to 5 s by default):
 * for writes that must not be lost to a short database or Redis outage, such as the record of a
 * run's end. `fn` must be safe to repeat (a conditional update, one transaction).
 */
export async function retryWithBackoff<T>(fn: () => Promise<T>, options: RetryOptions): Promise<T> {
  const started = Date.now();
  let delay = options.initialDelayMs ?? 200;
  const maxDelay = options.maxDelayMs ?? 5000;
  const giveUpAfter = options.giveUpAfterMs ?? GIVE_UP_AFTER_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (options.retryIf && !options.retryIf(err)) throw err;
      if (options.signal?.aborted || Date.now() - started + delay > giveUpAfter) throw err;
      options.logger.warn(
        `${options.what} failed (attempt ${attempt}, retrying in ${delay} ms): ${
          err instanceof Error ? err.message : String(err)
        }`,
      );
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, maxDelay);
    }
  }
}
