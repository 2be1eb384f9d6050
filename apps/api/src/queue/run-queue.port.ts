import {
  type JobHandlers,
  type JobHandlerTypes,
  type JobKey,
  MissingJobHandlerError,
  type PeriodicJobKey,
  type PeriodicTask,
} from './jobs.js';

/**
 * The run queue port (ARCHITECTURE.md section 2): where a run is executed is decided here, not by
 * the code that starts or executes it. Jobs carry only the run id; Postgres stays the source of
 * truth. Adapters: inline (API process) and BullMQ (worker processes).
 */

/** Executes one run. Must stop promptly when `signal` aborts (see {@link runAbortCause}). */
export type RunHandler = JobHandlerTypes['run'];

/**
 * Why a run ended without its handler finishing it:
 * - `worker_lost`: the process executing it died (stalled job) — the handler never returned;
 * - `timeout`: it ran longer than RUN_TIMEOUT_MS; the handler was aborted first;
 * - `handler_error`: the handler threw (a bug: a handler is expected to record its own failures).
 */
export type RunLostReason = 'worker_lost' | 'timeout' | 'handler_error';

/**
 * Lets the run's owner mark it failed and publish `error` + `done`. May be called in any process
 * (the API for `worker_lost`, the executing process otherwise), and should be idempotent: the
 * queue deduplicates across replicas, but a handler that finished the run itself may race it.
 */
export type RunLostListener = (runId: string, reason: RunLostReason) => Promise<void>;

/**
 * Why the handler's signal was aborted (its `signal.reason` is a {@link RunAbortedError}):
 * - `cancelled`: a user cancelled the run: finish it as `cancelled`;
 * - `timeout`: RUN_TIMEOUT_MS elapsed: stop; the queue then calls `onRunLost(runId, 'timeout')`;
 * - `shutdown`: this process is stopping (or lost the job's lock): stop WITHOUT finishing the run —
 *   the job is handed back to the queue (BullMQ) and another worker runs the handler again, which
 *   should continue from the run's checkpoint.
 */
export type RunAbortCause = 'cancelled' | 'timeout' | 'shutdown';

export class RunAbortedError extends Error {
  constructor(readonly abortCause: RunAbortCause) {
    super(`Run aborted: ${abortCause}`);
    this.name = 'RunAbortedError';
  }
}

/** The cause of an aborted handler signal, or null while it is not aborted. */
export function runAbortCause(signal: AbortSignal): RunAbortCause | null {
  if (!signal.aborted) return null;
  return signal.reason instanceof RunAbortedError ? signal.reason.abortCause : 'cancelled';
}

/** A periodic maintenance task (abandoned-run sweep); see {@link RunQueue.onSweep}. */
export type SweepTask = JobHandlerTypes['runSweep'];

/** See {@link RunQueue.locate}. */
export type RunLocation = 'executing' | 'waiting' | 'none';

export interface RunQueueCounts {
  /** Runs queued but not started (BullMQ: waiting + prioritized + delayed). */
  waiting: number;
  active: number;
}

/** Abstract class so it doubles as the Nest injection token. */
export abstract class RunQueue {
  /** Queues a run for execution. Idempotent: a run already queued or executing is not queued twice. */
  abstract enqueue(runId: string): Promise<void>;
  /**
   * Aborts the run's handler (signal reason `cancelled`) in whichever process executes it. A run
   * still waiting gets its handler called with an already aborted signal (inline: at once; BullMQ:
   * when a worker takes it), so its owner records the cancel and publishes `done`.
   * False when the queue does not know the run (finished or never queued).
   */
  abstract cancel(runId: string): Promise<boolean>;
  /** Exactly one handler per process; a second registration throws. */
  abstract registerHandler(handler: RunHandler): void;
  abstract onRunLost(listener: RunLostListener): void;
  /**
   * Registers a task of the `runSweep` periodic job, run every RUN_SWEEP_INTERVAL_MS (and once at
   * start): {@link onPeriodic} with the queue's sweep interval.
   */
  abstract onSweep(task: SweepTask): void;
  /**
   * Registers a task of a periodic job of the catalogue (queue/jobs.ts) run every `everyMs`
   * (0 = off) once per cluster — bullmq: a BullMQ job scheduler whose each tick one process takes;
   * inline: one in-process scheduler — and once at start for the `atBoot` jobs. Call during
   * module init (before `start`); a process that registers one periodic job must register all
   * (else `start` throws MissingJobHandlerError). Tasks must be idempotent.
   */
  abstract onPeriodic(job: PeriodicJobKey, everyMs: number, task: PeriodicTask): void;
  /**
   * Where the queue has each of `runIds`: `executing` (bullmq: the job is active, i.e. its worker
   * holds the lock; inline: this process runs it), `waiting` (queued, not started), `none` (the
   * queue does not know it). A run recorded as `running` that is not `executing` has lost its
   * worker; one recorded as `queued` that is `none` was never (or no longer) queued.
   */
  abstract locate(runIds: readonly string[]): Promise<Map<string, RunLocation>>;
  /** Starts processing; throws when this process executes runs and no handler is registered. */
  abstract start(): Promise<void>;
  abstract counts(): Promise<RunQueueCounts>;
  /** Runs this process is executing now (for its heartbeat; `counts` is the whole queue's). */
  abstract localActive(): number;
  /** Resolves once nothing is waiting or active (tests and graceful shutdown). */
  abstract drain(): Promise<void>;
  /**
   * Shutdown, first half (Nest `beforeApplicationShutdown`, while the database is still open):
   * stops taking runs, lets active ones finish for QUEUE_SHUTDOWN_GRACE_MS, then aborts the rest
   * with `shutdown` and hands their jobs back to the queue (bullmq), so another process continues
   * them. Inline: nothing here (no other process could continue a run; see `close`).
   */
  abstract handBackActive(): Promise<void>;
  /** Stops taking runs, lets active ones finish up to the shutdown grace, then closes connections. */
  abstract close(): Promise<void>;
}

/** The `run` job has no handler in a process that executes runs (see queue/jobs.ts). */
export class NoRunHandlerError extends MissingJobHandlerError {
  constructor() {
    super(['run']);
    this.name = 'NoRunHandlerError';
  }
}

/** Boot check: every job of `required` has a handler, else the queue does not start. */
export function assertJobsHandled(jobs: JobHandlers, required: readonly JobKey[]): void {
  const missing = jobs.missing(required);
  if (missing.includes('run')) throw new NoRunHandlerError();
  if (missing.length > 0) throw new MissingJobHandlerError(missing);
}
