import type { RunEvent } from '@agenthub/contracts';
import { Logger } from '@nestjs/common';
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

const relayLogger = new Logger('RunEventRelay');

/**
 * Passes a run's events through unchanged while publishing each one to the bus, for runs whose
 * events go straight to the request that started them (draft test runs, `/v1`): `GET
 * /runs/:id/stream` can then follow and replay them like any run. The run is known from its
 * first event (`run`); a fresh run's bus ids are the same as its own (1, 2, …). Publishing is
 * not awaited per event (the Redis bus sends a tick's events together, batches in order); `done`
 * waits for its own, so for all before it, and starts the retention TTL. A bus failure is logged, never fails the run.
 */
export async function* alsoPublishedTo<E extends RunEvent & { id?: number }>(
  bus: RunEventBus,
  events: AsyncIterable<E>,
): AsyncGenerator<E> {
  let runId: string | undefined;
  let failed = false;
  const fail = (err: unknown) => {
    if (!failed) relayLogger.warn(`Run ${runId}: events not published: ${String(err)}`);
    failed = true;
  };
  for await (const event of events) {
    if (event.type === 'run') runId ??= event.data.runId;
    if (runId && !failed) {
      const { id: _id, ...plain } = event;
      const published = bus.publish(runId, plain as RunEvent).catch(fail);
      if (event.type === 'done')
        await published.then(() => (failed ? undefined : bus.complete(runId!))).catch(fail);
    }
    yield event;
  }
}
