import type { Logger } from '@nestjs/common';
import { type Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import { JOBS, type JobHandlers, periodicJobByName } from './jobs.js';
import { runPeriodicTasks } from './periodic-tasks.util.js';

/** Periodic jobs (queue/jobs.ts): one job scheduler each, their jobs taken by any process of the deployment. */
export const MAINTENANCE_QUEUE_NAME = JOBS.runSweep.queue;

export interface BullmqPeriodicOptions {
  /** BullMQ connection options (maxRetriesPerRequest null) and key prefix, as the run queue's. */
  connection: { url: string; maxRetriesPerRequest: null };
  prefix: string;
  lockDurationMs: number;
  stalledIntervalMs: number;
}

/**
 * Bullmq mode's periodic jobs: each is a BullMQ job scheduler (upsertJobScheduler, `every` its
 * interval) on the `maintenance` queue, so however many API and worker processes run, each tick's
 * job is taken by exactly one of them, and a process that dies mid-tick loses the job to another
 * through BullMQ's stalled check. A job with interval 0 has its scheduler removed (off for the
 * whole cluster). `atBoot` jobs also get one job at start, deduplicated by id so processes
 * starting together add one between them. Every process upserts the same schedulers with its own
 * configuration: replicas must agree on the intervals (the last to start wins).
 */
export class BullmqPeriodicScheduler {
  private queue: Queue | undefined;
  private worker: Worker | undefined;

  constructor(
    private readonly jobs: JobHandlers,
    private readonly options: BullmqPeriodicOptions,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    const schedules = this.jobs.schedules();
    if (schedules.length === 0) return;
    const { connection, prefix } = this.options;
    this.queue = new Queue(MAINTENANCE_QUEUE_NAME, { connection, prefix });
    this.queue.on('error', (err) => this.logger.warn(`Maintenance queue: ${err.message}`));
    const opts = { removeOnComplete: true, removeOnFail: true };
    for (const { job, everyMs, atBoot } of schedules) {
      const { schedulerId, name } = JOBS[job];
      if (everyMs === 0) {
        await this.queue.removeJobScheduler(schedulerId);
        continue;
      }
      await this.queue.upsertJobScheduler(schedulerId, { every: everyMs }, { name, opts });
      if (atBoot) await this.queue.add(name, {}, { ...opts, deduplication: { id: `${schedulerId}:boot` } });
    }
    this.worker = new Worker(MAINTENANCE_QUEUE_NAME, (job) => this.process(job), {
      connection,
      prefix,
      concurrency: 1,
      lockDuration: this.options.lockDurationMs,
      stalledInterval: this.options.stalledIntervalMs,
    });
    this.worker.on('error', (err) => this.logger.warn(`Maintenance worker: ${err.message}`));
    await this.worker.waitUntilReady();
  }

  async close(): Promise<void> {
    await this.worker?.close();
    await this.queue?.close();
  }

  private async process(job: Job): Promise<void> {
    const key = periodicJobByName(job.name);
    // Every process handles every periodic job (boot check), so this is a job of a newer release.
    if (!key) throw new UnrecoverableError(`unknown maintenance job "${job.name}"`);
    await runPeriodicTasks(key, this.jobs.all(key), { id: job.id ?? job.name }, this.logger);
  }
}
