import { Injectable } from '@nestjs/common';
import type { RunEvent } from '@agenthub/contracts';
import type { Request, Response } from 'express';
import { alsoPublishedTo, RunEventBus } from '../../queue/run-event-bus.port.js';
import { RunLimitsService } from '../../runtime/run-limits.service.js';
import { RunService } from '../../runtime/run.service.js';
import { writeSse } from '../../common/sse.util.js';
import { type DraftRunRequest, DraftRunner } from './agent.ports.js';

/**
 * Test runs go through the runtime's RunService: checked against the same limits as chat turns
 * (RunLimitsService), recorded as runs of kind `test` with steps, and published on the run event
 * bus as they stream (re-joinable with `GET /runs/:id/stream`).
 */
@Injectable()
export class RuntimeDraftRunner extends DraftRunner {
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
    return alsoPublishedTo(
      this.bus,
      this.runs.runDraft({
        definition: request.definition,
        input: request.input,
        history: request.history,
        systemPrompt: request.systemPrompt,
        agentId: request.agentId,
        versionId: request.versionId,
        userId: request.userId,
        serviceOwnerId: request.serviceOwnerId,
        serviceDependencies: request.serviceDependencies,
        modelParams: request.modelParams,
        stepLimit: request.stepLimit,
        signal: request.signal,
      }),
    );
  }

  writeSse(
    req: Request,
    res: Response,
    events: AsyncIterable<RunEvent>,
    controller: AbortController,
  ): Promise<void> {
    return writeSse(req, res, events, { abortController: controller });
  }
}
