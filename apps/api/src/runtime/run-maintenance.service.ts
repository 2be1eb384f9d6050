import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleInit,
  Optional,
} from '@nestjs/common';
import { RunQueue } from '../queue/run-queue.port.js';
import { CheckpointStore } from './checkpoint.store.js';
import { RunStepRepository } from './run-step.repository.js';
import { RunRepository } from './run.repository.js';
import { RUNTIME_SETTINGS, type RuntimeSettings } from './runtime-settings.js';

const DAY_MS = 24 * 3600 * 1000;
/** Margin over the run timeout before a live-looking run is declared abandoned. */
const ABANDON_GRACE_MS = 5 * 60 * 1000;
const RETENTION_BATCH = 200;

/**
 * Housekeeping, on the run queue's periodic jobs (queue/jobs.ts; once per cluster per tick):
 * `checkpointRetention` deletes the checkpoints of finished runs after CHECKPOINT_RETENTION_DAYS
 * (PostgresSaver never prunes; every CHECKPOINT_RETENTION_INTERVAL_MS and once at boot), and a
 * `runSweep` task fails runs executed outside the run queue (draft tests, `/v1`) whose process
 * died, once older than any run may take. Queued chat runs whose worker is gone are swept sooner
 * by the chat module (`ChatRunService.sweepLostRuns`: no job active).
 */
@Injectable()
export class RunMaintenanceService implements OnModuleInit, OnApplicationBootstrap {
  private readonly logger = new Logger('RunMaintenance');

  constructor(
    private readonly runs: RunRepository,
    private readonly steps: RunStepRepository,
    private readonly checkpoints: CheckpointStore,
    @Inject(RUNTIME_SETTINGS) private readonly settings: RuntimeSettings,
    @Optional() private readonly queue?: RunQueue,
  ) {}

  onModuleInit(): void {
    // Registered before the queue starts (onApplicationBootstrap), which runs both once at start.
    this.queue?.onSweep(() => this.failAbandonedRuns().then(() => undefined));
    this.queue?.onPeriodic('checkpointRetention', this.settings.checkpointRetentionIntervalMs, () =>
      this.deleteFinishedCheckpoints(this.settings.checkpointRetentionDays).then(() => undefined),
    );
  }

  /** Without a run queue (a context that never executes runs) both run once, at boot. */
  async onApplicationBootstrap(): Promise<void> {
    if (this.queue) return;
    await this.safely('abandoned-run sweep', () => this.failAbandonedRuns());
    await this.safely('checkpoint retention', () =>
      this.deleteFinishedCheckpoints(this.settings.checkpointRetentionDays),
    );
  }

  /**
   * Deletes the checkpoints of runs that finished (completed, failed, cancelled) more than
   * `olderThanDays` ago. Paused runs keep theirs: they still need them to resume.
   * Returns how many runs' checkpoints were deleted.
   */
  async deleteFinishedCheckpoints(olderThanDays: number): Promise<number> {
    const before = new Date(Date.now() - olderThanDays * DAY_MS);
    let deleted = 0;
    for (;;) {
      const threads = await this.runs.findFinishedThreadsWithCheckpoints(before, RETENTION_BATCH);
      if (threads.length === 0) break;
      await this.checkpoints.deleteThreads(threads);
      deleted += threads.length;
      if (threads.length < RETENTION_BATCH) break;
    }
    if (deleted > 0) this.logger.log(`Deleted the checkpoints of ${deleted} finished run(s)`);
    return deleted;
  }

  /** Runs live for longer than any run may take were orphaned by a crash: mark them failed. */
  async failAbandonedRuns(now = new Date()): Promise<string[]> {
    const cutoff = new Date(now.getTime() - this.settings.runTimeoutMs - ABANDON_GRACE_MS);
    const ids = await this.runs.failAbandoned(cutoff);
    for (const id of ids) await this.steps.closeRunning(id, 'failed');
    if (ids.length > 0) this.logger.warn(`Marked ${ids.length} abandoned run(s) as failed`);
    return ids;
  }

  private async safely(what: string, job: () => Promise<unknown>): Promise<void> {
    try {
      await job();
    } catch (err) {
      this.logger.error(`${what} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
