import { Logger } from '@nestjs/common';
import { type Job, Queue, QueueEvents, UnrecoverableError, WaitingError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { BullmqPeriodicScheduler } from './bullmq-periodic.scheduler.js';
import { JOBS, type JobPayload, JobHandlers, type PeriodicJobKey, type PeriodicTask } from './jobs.js';
import type { QueueSettings } from './queue-settings.js';
import { callRunLostListeners, executeRun } from './run-execution.util.js';
import {
  assertJobsHandled,
  RunAbortedError,
  RunQueue,
  type RunHandler,
  type RunLostListener,
  type RunLocation,
  type RunQueueCounts,
  type SweepTask,
} from './run-queue.port.js';

export const RUN_QUEUE_NAME = JOBS.run.queue;

type RunJobData = JobPayload<'run'>;

/** `api`: enqueues, cancels, detects lost runs; `worker`: also executes runs (worker.ts only). */
export type BullmqRole = 'api' | 'worker';

export interface BullmqRunQueueOptions {
  redisUrl: string;
  /** REDIS_KEY_PREFIX: BullMQ keys go under `<prefix>bull:`, markers and channels under it too. */
  keyPrefix: string;
  role: BullmqRole;
  settings: QueueSettings;
}

/** How long cancel and lost-run markers live: longer than any run (the timeout) with margin. */
const markerTtlSec = (settings: QueueSettings) => Math.ceil(settings.runTimeoutMs / 1000) + 3600;

/**
 * Distributed mode on BullMQ 6. The job id is the run id (so a run is never queued twice at once
 * and cancel can find it) and jobs are removed when they end, so a run can be queued again later
 * (resume, retry). `attempts: 1` and `maxStalledCount: 0`: a job whose worker died is never
 * re-run from the start by BullMQ; it is reported as `worker_lost` instead.
 *
 * - cancel: a marker key (read when a waiting job starts) + a pub/sub message that every worker
 *   receives; the one executing the run aborts its handler.
 * - lost runs: every process watches the queue's `stalled` events (QueueEvents); the first to
 *   claim a marker key calls the `onRunLost` listeners. BullMQ only looks for stalled jobs inside
 *   workers, so the API runs a non-processing Worker whose only job is that stalled check: a run
 *   is detected even when every worker process is dead.
 */
export class BullmqRunQueue extends RunQueue {
  private readonly logger = new Logger('BullmqRunQueue');
  private readonly queue: Queue<RunJobData>;
  private readonly commands: Redis;
  /** The handlers of the catalogued jobs (queue/jobs.ts) registered in this process. */
  private readonly jobs = new JobHandlers();
  private readonly lostListeners: RunLostListener[] = [];
  private readonly active = new Map<string, AbortController>();
  private worker: Worker<RunJobData> | undefined;
  private stalledChecker: Worker<RunJobData> | undefined;
  /** The periodic jobs: BullMQ job schedulers, each tick run by one process of the cluster. */
  private readonly periodic: BullmqPeriodicScheduler;
  private queueEvents: QueueEvents | undefined;
  private cancelSubscriber: Redis | undefined;
  private closing: Promise<void> | undefined;
  private handingBack: Promise<void> | undefined;

  constructor(private readonly options: BullmqRunQueueOptions) {
    super();
    this.queue = new Queue<RunJobData>(RUN_QUEUE_NAME, {
      connection: this.connectionOptions(),
      prefix: this.bullPrefix,
      defaultJobOptions: { attempts: 1, removeOnComplete: true, removeOnFail: true },
    });
    this.queue.on('error', (err) => this.logger.warn(`Queue: ${err.message}`));
    this.commands = new Redis(options.redisUrl, {
      connectionName: 'agenthub-queue',
      maxRetriesPerRequest: 2,
    });
    this.commands.on('error', (err: Error) => this.logger.warn(`Redis: ${err.message}`));
    this.periodic = new BullmqPeriodicScheduler(
      this.jobs,
      {
        connection: this.connectionOptions(),
        prefix: this.bullPrefix,
        lockDurationMs: options.settings.lockDurationMs,
        stalledIntervalMs: options.settings.stalledIntervalMs,
      },
      this.logger,
    );
  }

  registerHandler(handler: RunHandler): void {
    this.jobs.register('run', handler);
  }

  onRunLost(listener: RunLostListener): void {
    this.lostListeners.push(listener);
  }

  onSweep(task: SweepTask): void {
    this.jobs.registerPeriodic('runSweep', this.options.settings.sweepIntervalMs, task);
  }

  onPeriodic(job: PeriodicJobKey, everyMs: number, task: PeriodicTask): void {
    this.jobs.registerPeriodic(job, everyMs, task);
  }

  async locate(runIds: readonly string[]): Promise<Map<string, RunLocation>> {
    const states = await Promise.all(runIds.map((id) => this.queue.getJobState(id)));
    return new Map(
      runIds.map((id, i): [string, RunLocation] => {
        const state = states[i];
        if (state === 'active') return [id, 'executing'];
        if (
          state === 'waiting' ||
          state === 'prioritized' ||
          state === 'delayed' ||
          state === 'waiting-children'
        )
          return [id, 'waiting'];
        return [id, 'none'];
      }),
    );
  }

  async start(): Promise<void> {
    // Only workers execute runs; the API enqueues them and takes its share of the periodic jobs.
    assertJobsHandled(this.jobs, [
      ...(this.options.role === 'worker' ? (['run'] as const) : []),
      ...this.jobs.requiredPeriodic(),
    ]);
    const { settings } = this.options;
    await this.periodic.start();
    this.queueEvents = new QueueEvents(RUN_QUEUE_NAME, {
      connection: this.connectionOptions(),
      prefix: this.bullPrefix,
    });
    this.queueEvents.on('error', (err) => this.logger.warn(`QueueEvents: ${err.message}`));
    this.queueEvents.on('stalled', ({ jobId }) => void this.reportLost(jobId));
    await this.queueEvents.waitUntilReady();

    if (this.options.role === 'api') {
      this.stalledChecker = new Worker<RunJobData>(RUN_QUEUE_NAME, undefined, {
        connection: this.connectionOptions(),
        prefix: this.bullPrefix,
        autorun: false,
        lockDuration: settings.lockDurationMs,
        stalledInterval: settings.stalledIntervalMs,
        maxStalledCount: 0,
      });
      this.stalledChecker.on('error', (err) => this.logger.warn(`Stalled checker: ${err.message}`));
      await this.stalledChecker.startStalledCheckTimer();
      return;
    }

    this.cancelSubscriber = new Redis(this.options.redisUrl, { connectionName: 'agenthub-queue-cancel' });
    this.cancelSubscriber.on('error', (err: Error) => this.logger.warn(`Cancel channel: ${err.message}`));
    this.cancelSubscriber.on('message', (_channel: string, runId: string) => {
      this.active.get(runId)?.abort(new RunAbortedError('cancelled'));
    });
    await this.cancelSubscriber.subscribe(this.cancelChannel);

    this.worker = new Worker<RunJobData>(
      RUN_QUEUE_NAME,
      (job, token, signal) => this.process(job, token, signal),
      {
        connection: this.connectionOptions(),
        prefix: this.bullPrefix,
        concurrency: settings.concurrency,
        lockDuration: settings.lockDurationMs,
        stalledInterval: settings.stalledIntervalMs,
        maxStalledCount: 0,
      },
    );
    this.worker.on('error', (err) => this.logger.warn(`Worker: ${err.message}`));
    await this.worker.waitUntilReady();
  }

  async enqueue(runId: string): Promise<void> {
    // A marker left from an earlier cancel or loss of this run must not hit the new execution.
    await this.commands.del(this.cancelKey(runId), this.lostKey(runId));
    await this.queue.add(JOBS.run.name, { runId }, { jobId: runId });
  }

  async cancel(runId: string): Promise<boolean> {
    const job = await this.queue.getJob(runId);
    if (!job) return false;
    const state = await job.getState();
    if (state === 'completed' || state === 'failed' || state === 'unknown') return false;
    // Marker first, then the message: a worker that takes the job between the two sees the
    // marker, one already executing it gets the message.
    await this.commands.set(this.cancelKey(runId), '1', 'EX', markerTtlSec(this.options.settings));
    await this.commands.publish(this.cancelChannel, runId);
    return true;
  }

  localActive(): number {
    return this.active.size;
  }

  async counts(): Promise<RunQueueCounts> {
    const c = await this.queue.getJobCounts('waiting', 'prioritized', 'delayed', 'active');
    return { waiting: (c.waiting ?? 0) + (c.prioritized ?? 0) + (c.delayed ?? 0), active: c.active ?? 0 };
  }

  async drain(): Promise<void> {
    for (;;) {
      const { waiting, active } = await this.counts();
      if (waiting === 0 && active === 0 && this.active.size === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /**
   * Stops fetching and lets active runs finish for the grace, then aborts the rest with
   * `shutdown`: their handlers record the hand-back (database still open) and process() moves
   * each job back to `wait` while this worker's connections and job locks are still alive, so
   * another worker takes it at once. One grace in all, well inside SHUTDOWN_TIMEOUT.
   */
  handBackActive(): Promise<void> {
    this.handingBack ??= this.stopWorker();
    return this.handingBack;
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async stopWorker(): Promise<void> {
    if (!this.worker) return;
    // worker.close() stops fetching and waits for active jobs (renewing their locks meanwhile).
    const closed = this.worker.close();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'deadline'>((resolve) => {
      timer = setTimeout(() => resolve('deadline'), this.options.settings.shutdownGraceMs);
    });
    const result = await Promise.race([closed.then(() => 'closed' as const), deadline]);
    clearTimeout(timer);
    if (result === 'deadline' && this.active.size > 0) {
      this.logger.warn(`Handing back ${this.active.size} active run(s) at shutdown`);
      for (const controller of this.active.values()) controller.abort(new RunAbortedError('shutdown'));
    }
    await closed;
  }

  private async shutdown(): Promise<void> {
    await this.handBackActive();
    await this.periodic.close();
    await this.stalledChecker?.close();
    await this.queueEvents?.close();
    await this.queue.close();
    await this.cancelSubscriber?.quit().catch(() => this.cancelSubscriber?.disconnect());
    await this.commands.quit().catch(() => this.commands.disconnect());
  }

  private async process(
    job: Job<RunJobData>,
    token: string | undefined,
    signal?: AbortSignal,
  ): Promise<void> {
    const runId = job.data.runId;
    const controller = new AbortController();
    // BullMQ aborts its signal when worker.cancelJob() is called or the job's lock is lost; in
    // both cases another process owns the run's fate, so stop without finishing it.
    signal?.addEventListener('abort', () => controller.abort(new RunAbortedError('shutdown')), {
      once: true,
    });
    this.active.set(runId, controller);
    try {
      if (await this.commands.exists(this.cancelKey(runId)))
        controller.abort(new RunAbortedError('cancelled'));
      const { outcome, error } = await executeRun({
        runId,
        handler: this.jobs.handler('run')!,
        controller,
        timeoutMs: this.options.settings.runTimeoutMs,
        abortGraceMs: this.options.settings.abortGraceMs,
        notifyLost: (id, reason) => callRunLostListeners(this.lostListeners, id, reason, this.logger),
        logger: this.logger,
      });
      if (outcome === 'shutdown') {
        await job.moveToWait(token);
        throw new WaitingError();
      }
      if (outcome === 'timeout') throw new UnrecoverableError('timeout');
      if (outcome === 'error')
        throw new UnrecoverableError(error instanceof Error ? error.message : 'handler_error');
    } finally {
      this.active.delete(runId);
      await this.commands.del(this.cancelKey(runId)).catch(() => undefined);
    }
  }

  /** First process to claim the marker reports the loss; the others stay quiet. */
  private async reportLost(runId: string): Promise<void> {
    try {
      const claimed = await this.commands.set(
        this.lostKey(runId),
        '1',
        'EX',
        markerTtlSec(this.options.settings),
        'NX',
      );
      if (claimed !== 'OK') return;
      this.logger.warn(`Run ${runId}: its worker stopped renewing the job lock (worker_lost)`);
      await callRunLostListeners(this.lostListeners, runId, 'worker_lost', this.logger);
      // maxStalledCount 0 left it waiting with a deferred failure; nothing should pick it up again.
      await this.queue.remove(runId).catch(() => undefined);
    } catch (err) {
      this.logger.error(
        `Reporting lost run ${runId} failed: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }

  private get bullPrefix(): string {
    return `${this.options.keyPrefix}bull`;
  }

  private get cancelChannel(): string {
    return `${this.options.keyPrefix}runs:cancel`;
  }

  private cancelKey(runId: string): string {
    return `${this.options.keyPrefix}run:${runId}:cancel`;
  }

  private lostKey(runId: string): string {
    return `${this.options.keyPrefix}run:${runId}:lost`;
  }

  private connectionOptions() {
    // BullMQ's blocking connections need maxRetriesPerRequest null; it creates its own clients.
    return { url: this.options.redisUrl, maxRetriesPerRequest: null };
  }
}
