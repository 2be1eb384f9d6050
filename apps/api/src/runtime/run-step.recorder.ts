import { randomUUID } from 'node:crypto';
import type { RunEventData, RunStepState } from '@agenthub/contracts';
import { Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { capJson } from './json-cap.util.js';
import type { RunStepRepository, StepRecord } from './run-step.repository.js';
import type { StepCapture } from './step-capture.executors.js';

/** Step states that do not change again within a segment: written at once by a live recorder. */
const FINISHED = new Set<RunStepState>(['completed', 'failed', 'paused']);

/** How a run segment starts, which decides what the recorder must read first. */
export type RecorderStart = 'fresh' | 'continue' | 'resume';

/**
 * Turns a run's node events into `workflow_execution_steps` rows: a step when a node starts,
 * completed/failed with duration, input, output, tokens and service config when it ends, `paused`
 * at human input (the same row continues on resume, as the node runs again from its top).
 *
 * Steps are kept **in memory** and written by {@link flush} when the run segment ends (settle,
 * pause, failure, hand-back), in the run's settle transaction: one multi-row INSERT instead of
 * three round trips per node. A process that dies mid-run leaves no steps for that segment (its
 * run is failed `worker_lost` / `run_abandoned` anyway).
 *
 * A **live** recorder (draft test runs: the Studio's trace follows them) also writes each step
 * as soon as it finishes, in the background and outside any transaction, so
 * `GET /runs/:id/steps` shows the finished steps of a running segment. Those writes are best
 * effort: a step whose write failed stays dirty and goes out with the settle flush, which waits
 * for the background writes first (a step is never inserted twice).
 */
export class RunStepRecorder {
  /** Steps of this segment and continued paused ones, in start order. */
  private readonly records: StepRecord[] = [];
  private readonly dirty = new Set<StepRecord>();
  private readonly open = new Map<string, StepRecord>();
  /** Paused steps of earlier segments, by node id (resume only). */
  private readonly paused = new Map<string, StepRecord>();
  /** The node that ran last (current node of a failed run). */
  lastNode: string | null = null;

  private seq = 0;
  /** The background writes of a live recorder, chained so they never overlap. */
  private pending: Promise<void> = Promise.resolve();
  /** Steps a background write committed (a rolled-back settle must not insert them again). */
  private readonly written = new Set<StepRecord>();

  constructor(
    private readonly runId: string,
    private readonly steps: RunStepRepository,
    private readonly options: { live?: boolean } = {},
  ) {}

  /**
   * Continues the numbering of earlier segments; on resume, the paused steps continue. A fresh
   * run has no steps yet, so nothing is read.
   */
  async load(start: RecorderStart): Promise<void> {
    if (start === 'fresh') return;
    this.seq = await this.steps.lastSeq(this.runId);
    if (start !== 'resume') return;
    for (const s of await this.steps.findPaused(this.runId)) {
      this.paused.set(s.nodeId, {
        id: s.id,
        persisted: true,
        seq: s.seq,
        nodeId: s.nodeId,
        nodeType: s.nodeType,
        status: s.status,
        attempt: s.attempt,
        input: s.input,
        output: s.output,
        error: s.error,
        durationMs: s.durationMs,
        usage: { promptTokens: s.promptTokens, completionTokens: s.completionTokens, costUsd: s.costUsd },
        serviceConfigId: s.serviceConfigId ?? null,
        startedAt: s.startedAt,
        finishedAt: s.finishedAt,
      });
    }
  }

  onNode(event: RunEventData<'node'>): void {
    if (event.status === 'started') {
      let step = this.paused.get(event.nodeId);
      if (step) {
        this.paused.delete(event.nodeId);
        step.status = 'running';
      } else {
        step = {
          id: randomUUID(),
          persisted: false,
          seq: ++this.seq,
          nodeId: event.nodeId,
          nodeType: event.type,
          status: 'running',
          attempt: 1,
          input: null,
          output: null,
          error: null,
          durationMs: null,
          usage: { promptTokens: 0, completionTokens: 0, costUsd: 0 },
          serviceConfigId: null,
          startedAt: new Date(),
          finishedAt: null,
        };
      }
      this.records.push(step);
      this.dirty.add(step);
      this.open.set(event.nodeId, step);
      this.lastNode = event.nodeId;
      return;
    }
    const step = this.open.get(event.nodeId);
    if (!step) return;
    this.open.delete(event.nodeId);
    step.status = event.status === 'finished' ? 'completed' : 'failed';
    step.attempt = event.attempt ?? 1;
    step.input = capJson(step.input);
    step.output = event.status === 'finished' ? capJson(step.output) : null;
    step.error = event.error ?? null;
    step.durationMs = event.durationMs ?? null;
    step.finishedAt = new Date();
    this.dirty.add(step);
    this.writeLive();
  }

  /** Input/output/usage of one attempt (retries add their usage up; the last attempt's data wins). */
  onCapture(capture: StepCapture): void {
    const step = this.open.get(capture.nodeId);
    if (!step) return;
    step.input = capture.input;
    if (capture.output !== undefined) step.output = capture.output;
    step.usage.promptTokens += capture.usage.promptTokens;
    step.usage.completionTokens += capture.usage.completionTokens;
    step.usage.costUsd += capture.usage.costUsd;
    if (capture.serviceConfigId) step.serviceConfigId = capture.serviceConfigId;
  }

  onInterrupt(event: RunEventData<'interrupt'>): void {
    const step = this.open.get(event.nodeId);
    if (!step) return;
    this.open.delete(event.nodeId);
    step.status = 'paused';
    step.input = capJson(step.input);
    this.dirty.add(step);
    this.writeLive();
  }

  /** Steps still open when the run stops did not finish: they end with the run's status. */
  closeOpen(status: Extract<RunStepState, 'failed' | 'cancelled'>): void {
    const now = new Date();
    for (const step of this.open.values()) {
      step.status = status;
      step.finishedAt = now;
      step.input = capJson(step.input);
      this.dirty.add(step);
    }
    this.open.clear();
  }

  /**
   * Remembers what the next flush() will write; the returned function puts it back, for a flush
   * whose transaction rolled back and is retried (the steps must be written again).
   */
  savepoint(): () => void {
    const dirty = [...this.dirty];
    const persisted = new Map(this.records.map((r) => [r, r.persisted]));
    return () => {
      this.dirty.clear();
      for (const r of dirty) this.dirty.add(r);
      for (const [r, was] of persisted) if (!this.written.has(r)) r.persisted = was;
    };
  }

  /** Writes the steps changed since the last flush (in `manager`'s transaction when given). */
  async flush(manager?: EntityManager): Promise<void> {
    await this.pending;
    if (this.dirty.size === 0) return;
    const changed = this.records.filter((r) => this.dirty.has(r));
    await this.steps.saveBatch(this.runId, changed, manager);
    for (const r of changed) r.persisted = true;
    this.dirty.clear();
  }

  /** Live recorders: queues a background write of the steps that finished since the last one. */
  private writeLive(): void {
    if (!this.options.live) return;
    this.pending = this.pending.then(async () => {
      const finished = this.records.filter((r) => this.dirty.has(r) && FINISHED.has(r.status));
      if (finished.length === 0) return;
      try {
        await this.steps.saveBatch(this.runId, finished);
      } catch (err) {
        // The settle flush writes them with the run's end.
        logger.warn(`Live steps of run ${this.runId} not written yet: ${(err as Error).message}`);
        return;
      }
      for (const r of finished) {
        r.persisted = true;
        this.written.add(r);
        this.dirty.delete(r);
      }
    });
  }
}

const logger = new Logger('RunStepRecorder');
