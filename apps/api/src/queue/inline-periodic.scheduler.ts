import type { Logger } from '@nestjs/common';
import type { JobHandlers, PeriodicJobKey } from './jobs.js';
import { runPeriodicTasks } from './periodic-tasks.util.js';

/**
 * Inline mode's one in-process scheduler for the periodic jobs (queue/jobs.ts): an unref'd timer
 * per job with an interval, the `atBoot` ones run once (awaited) at start. A tick of a job is
 * skipped while its previous tick still runs.
 */
export class InlinePeriodicScheduler {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Set<PeriodicJobKey>();
  private ticks = 0;

  constructor(
    private readonly jobs: JobHandlers,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    const schedules = this.jobs.schedules().filter((s) => s.everyMs > 0);
    for (const { job, atBoot } of schedules) if (atBoot) await this.tick(job);
    for (const { job, everyMs } of schedules) {
      const timer = setInterval(() => void this.tick(job), everyMs);
      timer.unref();
      this.timers.push(timer);
    }
  }

  /** One tick of `job` now (skipped while its previous tick runs). */
  async tick(job: PeriodicJobKey): Promise<void> {
    if (this.running.has(job)) return;
    this.running.add(job);
    try {
      await runPeriodicTasks(job, this.jobs.all(job), { id: `${job}:${++this.ticks}` }, this.logger);
    } finally {
      this.running.delete(job);
    }
  }

  close(): void {
    for (const timer of this.timers.splice(0)) clearInterval(timer);
  }
}
