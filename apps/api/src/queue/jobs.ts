/**
 * The job catalogue: every job the run queue carries, with its BullMQ queue, wire name and
 * payload type, and the registry of their handlers. Jobs carry ids, never payload blobs
 * (Postgres is the source of truth). The wire names are what BullMQ stores: renaming one strands
 * the jobs already queued under the old name, so they only change with a drain.
 *
 * - `run`: execute a run (start, or continue it after a resume, retry or hand-back — the run's
 *   status and its reply's metadata say which); one handler per process that executes runs.
 * - `runSweep`: the periodic abandoned/lost-run sweep (every RUN_SWEEP_INTERVAL_MS, once at
 *   start); bullmq: a job scheduler, each tick taken by one process of the cluster; inline: a
 *   timer in the API. Any number of tasks; each must be idempotent.
 */
export const JOBS = {
  run: { queue: 'runs', name: 'run', periodic: false },
  runSweep: { queue: 'maintenance', name: 'sweep', schedulerId: 'run-sweep', periodic: true },
} as const;

export type JobKey = keyof typeof JOBS;

export interface JobPayloads {
  run: { runId: string };
  runSweep: Record<string, never>;
}
export type JobPayload<K extends JobKey> = JobPayloads[K];

/** Handler of each job: `run` gets the abort signal of its execution (see RunAbortCause). */
export interface JobHandlerTypes {
  run: (runId: string, signal: AbortSignal) => Promise<void>;
  runSweep: () => Promise<void>;
}

/** Jobs that take exactly one handler per process (the others collect tasks). */
const SINGLE_HANDLER: ReadonlySet<JobKey> = new Set(['run']);

/** Jobs a process must handle before its queue starts, so a missing one fails at boot. */
export class MissingJobHandlerError extends Error {
  constructor(readonly missing: readonly JobKey[]) {
    super(
      `RunQueue: no handler registered for job(s) ${missing.map((k) => `"${k}"`).join(', ')}. ` +
        'A module must register it during module init, before the queue starts ' +
        '(jobs without a handler are a startup error).',
    );
    this.name = 'MissingJobHandlerError';
  }
}

/** The handlers registered in this process, by job. */
export class JobHandlers {
  private readonly handlers = new Map<JobKey, unknown[]>();

  register<K extends JobKey>(job: K, handler: JobHandlerTypes[K]): void {
    const list = this.handlers.get(job) ?? [];
    if (SINGLE_HANDLER.has(job) && list.length > 0)
      throw new Error(`RunQueue: a handler for job "${job}" is already registered`);
    list.push(handler);
    this.handlers.set(job, list);
  }

  /** The handler of a single-handler job (undefined when none). */
  handler<K extends JobKey>(job: K): JobHandlerTypes[K] | undefined {
    return this.handlers.get(job)?.[0] as JobHandlerTypes[K] | undefined;
  }

  /** Every handler of a job, in registration order. */
  all<K extends JobKey>(job: K): Array<JobHandlerTypes[K]> {
    return (this.handlers.get(job) ?? []) as Array<JobHandlerTypes[K]>;
  }

  /** The jobs of `required` that have no handler. */
  missing(required: readonly JobKey[]): JobKey[] {
    return required.filter((job) => !this.handlers.get(job)?.length);
  }
}
