import { Injectable } from '@nestjs/common';
import type { RunEvent } from '@agenthub/contracts';
import type { Request, Response } from 'express';
import { RunService } from '../../runtime/run.service.js';
import { writeSse } from '../../runtime/sse.util.js';
import { type DraftRunRequest, DraftRunner } from './agent.ports.js';

/** Test runs go through the runtime's RunService: recorded as runs of kind `test` with steps. */
@Injectable()
export class RuntimeDraftRunner extends DraftRunner {
  constructor(private readonly runs: RunService) {
    super();
  }

  runDraft(request: DraftRunRequest): AsyncIterable<RunEvent> {
    return this.runs.runDraft({
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
    });
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
