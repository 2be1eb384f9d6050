import { Injectable } from '@nestjs/common';
import {
  RUN_SUMMARY_RESERVED_IDS,
  type RunActionResponse,
  type RunEvent,
  type TokenUsage,
} from '@agenthub/contracts';
import type { Request, Response } from 'express';
import { DomainError } from '../../common/domain-error.js';
import { alsoPublishedTo, RunEventBus } from '../../queue/run-event-bus.port.js';
import { assertRunTransition, runPhase } from '../../runtime/domain/run-lifecycle.rules.js';
import { RunLimitsService } from '../../runtime/run-limits.service.js';
import { RunService } from '../../runtime/run.service.js';
import { writeSse } from '../../common/sse.util.js';
import { type DraftRunRequest, DraftRunner } from './agent.ports.js';

const CANCELLED = { code: 'cancelled', message: 'The run was cancelled' };

/**
 * Test runs go through the runtime's RunService: checked against the same limits as chat turns
 * (RunLimitsService), recorded as runs of kind `test` with steps, and published on the run event
 * bus as they stream (re-joinable with `GET /runs/:id/stream`). Resume and retry stream the run's
 * next segment to the request that asked for it, like the first one.
 *
 * A test run executes inside the request streaming it: cancel stops the ones this process
 * streams (`live`); a run paused or orphaned (its request gone) is ended from here.
 */
@Injectable()
export class RuntimeDraftRunner extends DraftRunner {
  /** Test runs streaming in this process, by run id: aborting one cancels the run. */
  private readonly live = new Map<string, AbortController>();

  constructor(
    private readonly runs: RunService,
    private readonly bus: RunEventBus,
    private readonly limits: RunLimitsService,
  ) {
    super();
  }

  assertCanRun(userId: string, versionId: string): Promise<void> {
    return this.limits.assertCanStartRun(userId, versionId);
  }

  runDraft(request: DraftRunRequest): AsyncIterable<RunEvent> {
    const stop = new AbortController();
    return this.tracked(
      stop,
      this.runs.runDraft({
        definition: request.definition,
        input: request.input,
        history: request.history,
        systemPrompt: request.systemPrompt,
        ...(request.vars ? { vars: request.vars } : {}),
        agentId: request.agentId,
        versionId: request.versionId,
        userId: request.userId,
        serviceOwnerId: request.serviceOwnerId,
        serviceDependencies: request.serviceDependencies,
        modelParams: request.modelParams,
        stepLimit: request.stepLimit,
        signal: AbortSignal.any([request.signal, stop.signal]),
      }),
    );
  }

  resumeDraft(runId: string, input: string, signal: AbortSignal): AsyncIterable<RunEvent> {
    return this.continued(runId, (stop) =>
      this.runs.resumeRun(runId, input, { signal: AbortSignal.any([signal, stop]) }),
    );
  }

  retryDraft(runId: string, signal: AbortSignal, definition?: unknown): AsyncIterable<RunEvent> {
    return this.continued(runId, (stop) =>
      this.runs.retryRun(runId, { signal: AbortSignal.any([signal, stop]), definition }),
    );
  }

  async cancelDraft(runId: string): Promise<RunActionResponse> {
    const run = await this.runs.findRun(runId);
    if (!run) throw DomainError.notFound('Run');
    assertRunTransition(runPhase(run), 'cancel');
    const streaming = this.live.get(runId);
    if (streaming && run.status !== 'paused') {
      streaming.abort();
      return { runId, status: 'cancelling' };
    }
    // Paused, or its request is gone: nobody else will end it.
    const ended = await this.runs.endRun(runId, 'cancelled', CANCELLED);
    if (ended) {
      const usage: TokenUsage = {
        promptTokens: ended.promptTokens,
        completionTokens: ended.completionTokens,
        costUsd: ended.costUsd,
      };
      await this.bus.resumeSequence(runId, String(ended.lastEventId), RUN_SUMMARY_RESERVED_IDS);
      const doneId = await this.bus.publish(runId, {
        type: 'done',
        data: { runId, status: 'cancelled', usage },
      });
      await this.bus.complete(runId);
      await this.runs.setLastEventId(runId, Number(doneId));
    }
    return { runId, status: 'cancelled' };
  }

  writeSse(
    req: Request,
    res: Response,
    events: AsyncIterable<RunEvent>,
    controller: AbortController,
  ): Promise<void> {
    return writeSse(req, res, events, { abortController: controller });
  }

  /** A later segment of a run: bus ids go on above the paused/failed `done` and the reserved ids. */
  private async *continued(
    runId: string,
    start: (stop: AbortSignal) => AsyncGenerator<RunEvent>,
  ): AsyncGenerator<RunEvent> {
    const run = await this.runs.findRun(runId);
    if (!run) throw DomainError.notFound('Run');
    const stop = new AbortController();
    const events = start(stop.signal);
    // The run's own checks (paused / failed, compiles) run on the first next(), before the bus moves.
    const first = await events.next();
    await this.bus.resumeSequence(runId, String(run.lastEventId), RUN_SUMMARY_RESERVED_IDS);
    yield* this.tracked(stop, prepend(first, events));
  }

  /** Publishes the events on the bus and keeps the run cancellable while it streams here. */
  private async *tracked(stop: AbortController, events: AsyncIterable<RunEvent>): AsyncGenerator<RunEvent> {
    let runId: string | undefined;
    try {
      for await (const event of alsoPublishedTo(this.bus, events)) {
        if (event.type === 'run' && !runId) {
          runId = event.data.runId;
          this.live.set(runId, stop);
        }
        yield event;
      }
    } finally {
      if (runId && this.live.get(runId) === stop) this.live.delete(runId);
    }
  }
}

async function* prepend<T>(first: IteratorResult<T>, rest: AsyncGenerator<T>): AsyncGenerator<T> {
  if (first.done) return;
  yield first.value;
  yield* rest;
}
