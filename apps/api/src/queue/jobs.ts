/**
 * The job catalogue: every job the run queue carries, with its BullMQ queue, wire name and
 * payload type, and the registry of their handlers. Jobs carry ids, never payload blobs
 * (Postgres is the source of truth). The wire names are what BullMQ stores: renaming one strands
 * the jobs already queued under the old name, so they only change with a drain.
 *
 * - `run`: execute a run (start, or continue it after a resume, retry or hand-back — the run's
 *   status and its reply's metadata say which); one handler per process that executes runs.
 *
 * Periodic jobs (`periodic: true`) run once per cluster per tick: bullmq, one BullMQ job scheduler
 * each on the `maintenance` queue (each tick's job taken by one process of the deployment);
 * inline, one in-process scheduler in the API. `atBoot`: also once when a process starts (bullmq:
 * one deduplicated job, not one per process). Any number of tasks each; each must be idempotent.
 * A process that handles any periodic job must handle all of them (a maintenance worker takes
 * whichever job comes next), else its queue refuses to start.
 * - `runSweep`: the abandoned/lost-run sweep, every RUN_SWEEP_INTERVAL_MS;
 * - `checkpointRetention`: deletes finished runs' checkpoints after CHECKPOINT_RETENTION_DAYS,
 *   every CHECKPOINT_RETENTION_INTERVAL_MS (default a day);
 * - `mcpHealth`: probes every registered MCP server, every MCP_HEALTH_INTERVAL_MS (0 = off).
 */
export const JOBS = {
  run: { queue: 'runs', name: 'run', periodic: false },
  runSweep: {
    queue: 'maintenance',
    name: 'sweep',
    schedulerId: 'run-sweep',
    periodic: true,
    atBoot: true,
  },
  checkpointRetention: {
    queue: 'maintenance',
    name: 'checkpoint-retention',
    schedulerId: 'checkpoint-retention',
    periodic: true,
    atBoot: true,
  },
  mcpHealth: {
    queue: 'maintenance',
    name: 'mcp-health',
    schedulerId: 'mcp-health',
    periodic: true,
    atBoot: false,
  },
} as const;

export type JobKey = keyof typeof JOBS;
/** The periodic jobs of the catalogue. */
export type PeriodicJobKey = {
  [K in JobKey]: (typeof JOBS)[K]['periodic'] extends true ? K : never;
}[JobKey];
export const PERIODIC_JOBS = (Object.keys(JOBS) as JobKey[]).filter(
  (k): k is PeriodicJobKey => JOBS[k].periodic,
);

/** The periodic job of a wire name on the maintenance queue, or undefined for an unknown name. */
export function periodicJobByName(name: string): PeriodicJobKey | undefined {
  return PERIODIC_JOBS.find((k) => JOBS[k].name === name);
}

export interface JobPayloads {
  run: { runId: string };
  runSweep: Record<string, never>;
  checkpointRetention: Record<string, never>;
  mcpHealth: Record<string, never>;
}
export type JobPayload<K extends JobKey> = JobPayloads[K];

/** One tick of a periodic job: bullmq, the id of its BullMQ job (`repeat:<schedulerId>:<ms>` for a
 * scheduler tick, the boot job's id otherwise); inline, `<job>:<n>` counted in this process. */
export interface PeriodicTick {
  id: string;
}

/** A task of a periodic job (it reads what it needs from Postgres; the payload is empty). */
export type PeriodicTask = (tick: PeriodicTick) => Promise<void>;

/** Handler of each job: `run` gets the abort signal of its execution (see RunAbortCause). */
export type JobHandlerTypes = { run: (runId: string, signal: AbortSignal) => Promise<void> } & {
  [K in PeriodicJobKey]: PeriodicTask;
};

/** When a periodic job runs: every `everyMs` (0 = off: registered, never scheduled). */
export interface PeriodicSchedule {
  job: PeriodicJobKey;
  everyMs: number;
  atBoot: boolean;
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
  private readonly intervals = new Map<PeriodicJobKey, number>();

  /** Periodic jobs register through {@link registerPeriodic} (they need an interval). */
  register(job: 'run', handler: JobHandlerTypes['run']): void {
    const list = this.handlers.get(job) ?? [];
    if (SINGLE_HANDLER.has(job) && list.length > 0)
      throw new Error(`RunQueue: a handler for job "${job}" is already registered`);
    list.push(handler);
    this.handlers.set(job, list);
  }

  /**
   * Adds a task to a periodic job run every `everyMs` (0 = off). Every task of a job shares its
   * interval: a second registration with another interval throws.
   */
  registerPeriodic(job: PeriodicJobKey, everyMs: number, task: PeriodicTask): void {
    if (!Number.isInteger(everyMs) || everyMs < 0)
      throw new Error(`RunQueue: job "${job}" needs a whole, non-negative interval, got ${everyMs}`);
    const current = this.intervals.get(job);
    if (current !== undefined && current !== everyMs)
      throw new Error(`RunQueue: job "${job}" is already scheduled every ${current} ms, not ${everyMs}`);
    this.intervals.set(job, everyMs);
    this.handlers.set(job, [...(this.handlers.get(job) ?? []), task]);
  }

  /** The periodic jobs registered in this process, in catalogue order (those off included). */
  schedules(): PeriodicSchedule[] {
    return PERIODIC_JOBS.filter((job) => this.intervals.has(job)).map((job) => ({
      job,
      everyMs: this.intervals.get(job)!,
      atBoot: JOBS[job].atBoot,
    }));
  }

  /** The periodic jobs a process must handle: none, or all once it handles one. */
  requiredPeriodic(): PeriodicJobKey[] {
    return this.intervals.size > 0 ? [...PERIODIC_JOBS] : [];
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
