import type { RunEvent } from '@agenthub/contracts';
import { DomainError } from '../common/domain-error.js';

/** A run event with its id: monotonic per run (`1`, `2`, …), the SSE `id:` line. */
export interface RunEventEnvelope {
  id: string;
  event: RunEvent;
}

/** What a bus holds of a run right now (see {@link RunEventBus.position}). */
export interface RunEventPosition {
  /** Every event with an id above it is buffered; those at or below it may be gone (expired, trimmed). */
  floor: number;
  /** The highest id published and buffered (the floor when nothing was published since). */
  lastId: number;
  /** The buffered events end with a `done`: nothing more is coming unless the run goes on. */
  endsWithDone: boolean;
}

/**
 * The run event bus port: the executing process publishes, any process (any API replica in
 * distributed mode) relays the stream to SSE clients, with replay after `Last-Event-ID`.
 */
export abstract class RunEventBus {
  /** Appends an event and returns its id. Publishing `done` also starts the run's retention TTL. */
  abstract publish(runId: string, event: RunEvent): Promise<string>;
  /**
   * Replays every event after `afterId` (all of them without it), then follows live; ends after
   * the first `done` after `afterId`, or quietly when `signal` aborts. A run with no events yet
   * is waited for. Ids need not be contiguous (see `resumeSequence`).
   */
  abstract subscribe(runId: string, afterId?: string, signal?: AbortSignal): AsyncIterable<RunEventEnvelope>;
  /** The run finished: its events are kept for the retention TTL, then dropped. */
  abstract complete(runId: string): Promise<void>;
  /**
   * Makes the next id greater than `lastId + reserved`. Call before publishing for a run that goes
   * on after its events may have expired (a paused run resumed hours later, a handed-back run), so
   * ids keep increasing across the run. When the bus no longer has `lastId`, the events up to it
   * count as gone (`position().floor`); the `reserved` ids after it are never published (kept
   * free for a summary, see RUN_SUMMARY_RESERVED_IDS) and are not missing.
   */
  abstract resumeSequence(runId: string, lastId: string, reserved?: number): Promise<void>;
  /** What is buffered for the run, or null when nothing is (never published, or expired). */
  abstract position(runId: string): Promise<RunEventPosition | null>;
  abstract close(): Promise<void>;
}

/**
 * The bus cannot take more events: Redis has been unreachable long enough that the process's
 * buffer (RUN_EVENTS_BUFFER_MAX) is full, or the bus is closed. The publisher should fail its run
 * with this code (`error` and `done` are still accepted and sent once Redis is back).
 */
export class RunEventsUnavailableError extends Error {
  readonly code = 'events_unavailable';
  constructor(reason: string) {
    super(`Run events cannot be delivered: ${reason}`);
    this.name = 'RunEventsUnavailableError';
  }
}

/** Parses an event id (`Last-Event-ID`); 400 with the field when it is not one of ours. */
export function parseEventId(id: string | undefined, field = 'lastEventId'): number {
  if (id === undefined || id === '') return 0;
  if (!/^\d{1,15}$/.test(id.trim()))
    throw DomainError.validation(
      [
        {
          path: field,
          code: 'invalid_event_id',
          message: 'Expected a run event id (a non-negative integer)',
        },
      ],
      'Invalid event id',
    );
  return Number(id.trim());
}
