import type { RunEventData, RunStepState, TokenUsage } from '@agenthub/contracts';
import { capJson } from './json-cap.util.js';
import type { RunRepository } from './run.repository.js';
import type { RunStepRepository } from './run-step.repository.js';
import type { StepCapture } from './step-capture.executors.js';

interface OpenStep {
  stepId: string;
  input: unknown;
  output: unknown;
  usage: TokenUsage;
}

const zeroUsage = (): TokenUsage => ({ promptTokens: 0, completionTokens: 0, costUsd: 0 });

/**
 * Turns a run's node events into `workflow_execution_steps` rows: a row when a node starts,
 * completed/failed with duration, input, output and tokens when it ends, `paused` at human input
 * (the same row continues on resume, as the node runs again from its top).
 */
export class RunStepRecorder {
  private readonly open = new Map<string, OpenStep>();
  private readonly paused = new Map<string, string>();
  /** The node that ran last (current node of a failed run). */
  lastNode: string | null = null;

  private seq = 0;

  constructor(
    private readonly runId: string,
    private readonly steps: RunStepRepository,
    private readonly runs: RunRepository,
  ) {}

  /** Continues the numbering of earlier segments; on resume, the paused steps continue. */
  async load(resuming: boolean): Promise<void> {
    this.seq = await this.steps.lastSeq(this.runId);
    if (resuming) for (const s of await this.steps.findPaused(this.runId)) this.paused.set(s.nodeId, s.id);
  }

  async onNode(event: RunEventData<'node'>): Promise<void> {
    if (event.status === 'started') {
      const pausedId = this.paused.get(event.nodeId);
      let stepId: string;
      if (pausedId) {
        this.paused.delete(event.nodeId);
        await this.steps.reopen(pausedId);
        stepId = pausedId;
      } else {
        stepId = await this.steps.insertStarted({
          runId: this.runId,
          seq: ++this.seq,
          nodeId: event.nodeId,
          nodeType: event.type,
        });
      }
      this.open.set(event.nodeId, { stepId, input: null, output: null, usage: zeroUsage() });
      this.lastNode = event.nodeId;
      await this.runs.setCurrentNode(this.runId, event.nodeId);
      return;
    }
    const step = this.open.get(event.nodeId);
    if (!step) return;
    this.open.delete(event.nodeId);
    await this.steps.finish(step.stepId, {
      status: event.status === 'finished' ? 'completed' : 'failed',
      attempt: event.attempt ?? 1,
      input: capJson(step.input),
      output: event.status === 'finished' ? capJson(step.output) : null,
      error: event.error ?? null,
      durationMs: event.durationMs ?? null,
      usage: step.usage,
    });
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
  }

  async onInterrupt(event: RunEventData<'interrupt'>): Promise<void> {
    const step = this.open.get(event.nodeId);
    if (!step) return;
    this.open.delete(event.nodeId);
    await this.steps.markPaused(step.stepId, capJson(step.input));
  }

  /** Steps still open when the run stops did not finish: they end with the run's status. */
  async closeOpen(status: Extract<RunStepState, 'failed' | 'cancelled'>): Promise<void> {
    if (this.open.size === 0) return;
    this.open.clear();
    await this.steps.closeRunning(this.runId, status);
  }
}
