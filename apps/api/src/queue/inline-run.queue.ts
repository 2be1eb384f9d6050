import { Logger } from '@nestjs/common';
import { InlinePeriodicScheduler } from './inline-periodic.scheduler.js';
import { JobHandlers, type PeriodicJobKey, type PeriodicTask } from './jobs.js';
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

/**
 * Embedded mode: runs execute in this process, at most `concurrency` at once, FIFO. Nothing
 * survives a restart; runs left `queued`/`running` are settled by the sweep. The periodic jobs
 * (queue/jobs.ts) run on one in-process scheduler (InlinePeriodicScheduler).
 */
export class InlineRunQueue extends RunQueue {
  private readonly logger = new Logger('InlineRunQueue');
  /** The handlers of the catalogued jobs (queue/jobs.ts) registered in this process. */
  private readonly jobs = new JobHandlers();
  private readonly lostListeners: RunLostListener[] = [];
  private readonly waiting: string[] = [];
  private readonly active = new Map<string, { controller: AbortController; done: Promise<void> }>();
  private readonly idleWaiters: Array<() => void> = [];
  private readonly periodic = new InlinePeriodicScheduler(this.jobs, this.logger);
  private started = false;
  private closing = false;

  constructor(private readonly settings: QueueSettings) {
    super();
  }

  registerHandler(handler: RunHandler): void {
    this.jobs.register('run', handler);
  }

  onRunLost(listener: RunLostListener): void {
    this.lostListeners.push(listener);
  }

  onSweep(task: SweepTask): void {
    this.jobs.registerPeriodic('runSweep', this.settings.sweepIntervalMs, task);
  }

  onPeriodic(job: PeriodicJobKey, everyMs: number, task: PeriodicTask): void {
    this.jobs.registerPeriodic(job, everyMs, task);
  }

  async locate(runIds: readonly string[]): Promise<Map<string, RunLocation>> {
    return new Map(
      runIds.map((id) => [
        id,
        this.active.has(id) ? 'executing' : this.waiting.includes(id) ? 'waiting' : 'none',
      ]),
    );
  }

  async start(): Promise<void> {
    assertJobsHandled(this.jobs, ['run', ...this.jobs.requiredPeriodic()]);
    this.started = true;
    this.pump();
    // The `atBoot` jobs (runs a crash left `running`, old checkpoints) run once now, awaited.
    await this.periodic.start();
  }

  async enqueue(runId: string): Promise<void> {
    if (this.closing) throw new Error('RunQueue is shutting down');
    if (this.active.has(runId) || this.waiting.includes(runId)) return;
    this.waiting.push(runId);
    this.pump();
  }

  async cancel(runId: string): Promise<boolean> {
    const active = this.active.get(runId);
    if (active) {
      active.controller.abort(new RunAbortedError('cancelled'));
      return true;
    }
    const index = this.waiting.indexOf(runId);
    if (index < 0) return false;
    this.waiting.splice(index, 1);
    // Started at once (outside the concurrency limit) with an aborted signal, so the handler
    // records the cancel and publishes `done` instead of the run staying queued.
    const controller = new AbortController();
    controller.abort(new RunAbortedError('cancelled'));
    if (this.jobs.handler('run')) this.launch(runId, controller);
    return true;
  }

  localActive(): number {
    return this.active.size;
  }

  async counts(): Promise<RunQueueCounts> {
    return { waiting: this.waiting.length, active: this.active.size };
  }

  drain(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** No other process can continue an inline run: the run service fails it (`server_shutdown`). */
  async handBackActive(): Promise<void> {}

  async close(): Promise<void> {
    this.closing = true;
    this.periodic.close();
    if (this.waiting.length > 0)
      this.logger.warn(`Shutting down with ${this.waiting.length} queued run(s) not started`);
    this.waiting.length = 0;
    const allDone = () => Promise.all([...this.active.values()].map((a) => a.done));
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'deadline'>((resolve) => {
      timer = setTimeout(() => resolve('deadline'), this.settings.shutdownGraceMs);
    });
    const result = await Promise.race([allDone().then(() => 'done' as const), deadline]);
    clearTimeout(timer);
    if (result === 'deadline') {
      for (const { controller } of this.active.values()) controller.abort(new RunAbortedError('shutdown'));
      await allDone();
    }
    this.notifyIdle();
  }

  private isIdle(): boolean {
    return this.waiting.length === 0 && this.active.size === 0;
  }

  private pump(): void {
    while (this.started && !this.closing && this.active.size < this.settings.concurrency) {
      const runId = this.waiting.shift();
      if (runId === undefined) break;
      this.launch(runId, new AbortController());
    }
    if (this.isIdle()) this.notifyIdle();
  }

  private launch(runId: string, controller: AbortController): void {
    const done = executeRun({
      runId,
      handler: this.jobs.handler('run')!,
      controller,
      timeoutMs: this.settings.runTimeoutMs,
      abortGraceMs: this.settings.abortGraceMs,
      notifyLost: (id, reason) => callRunLostListeners(this.lostListeners, id, reason, this.logger),
      logger: this.logger,
    })
      .then(() => undefined)
      .finally(() => {
        if (this.active.get(runId)?.controller === controller) this.active.delete(runId);
        this.pump();
      });
    this.active.set(runId, { controller, done });
  }

  private notifyIdle(): void {
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
