import { Injectable } from '@nestjs/common';
import type {
  AgentRunListQuery,
  PageQuery,
  RunActionResponse,
  RunList,
  RunStepList,
} from '@agenthub/contracts';
import type { Request, Response } from 'express';
import type { AuthUser } from '../common/auth.decorators.js';
import { DomainError } from '../common/domain-error.js';
import { AgentService } from './agent.service.js';
import { AgentWorkflowService } from './agent-workflow.service.js';
import { AgentRunsSource, DraftRunner } from './ports/agent.ports.js';

/**
 * The Studio's Test tab after a test run started: resume, retry and cancel a draft test run
 * (only the user who started it, on an agent they may edit: others get 404), and the agent's run
 * history with traces (its owner or an admin). The lifecycle rules are the runtime's
 * (`run-lifecycle.rules.ts`): 409 `run_not_paused` / `run_not_failed` / `run_not_active`. A retry
 * continues with the current draft when only node configs changed (fix the failing node, retry).
 */
@Injectable()
export class AgentTestRunsService {
  constructor(
    private readonly agentsService: AgentService,
    private readonly workflow: AgentWorkflowService,
    private readonly runner: DraftRunner,
    private readonly runs: AgentRunsSource,
  ) {}

  async resume(
    user: AuthUser,
    agentId: string,
    runId: string,
    input: string,
    req: Request,
    res: Response,
  ): Promise<void> {
    const run = await this.loadTestRun(user, agentId, runId);
    // Continuing runs more model nodes: the same quotas as a new run.
    if (run.agentVersionId) await this.runner.assertCanRun(user.id, run.agentVersionId);
    const controller = new AbortController();
    await this.runner.writeSse(
      req,
      res,
      this.runner.resumeDraft(runId, input, controller.signal),
      controller,
    );
  }

  async retry(user: AuthUser, agentId: string, runId: string, req: Request, res: Response): Promise<void> {
    const run = await this.loadTestRun(user, agentId, runId);
    if (run.agentVersionId) await this.runner.assertCanRun(user.id, run.agentVersionId);
    // The developer may have fixed the failing node since: the retry takes the draft as it is now
    // when its nodes and edges are the run's (runtime retryDefinition), else the run's snapshot.
    const { version } = await this.workflow.loadTested(user, agentId);
    const controller = new AbortController();
    const events = this.runner.retryDraft(runId, controller.signal, version.resolvedDefinition);
    await this.runner.writeSse(req, res, events, controller);
  }

  async cancel(user: AuthUser, agentId: string, runId: string): Promise<RunActionResponse> {
    await this.loadTestRun(user, agentId, runId);
    return this.runner.cancelDraft(runId);
  }

  async list(user: AuthUser, agentId: string, query: AgentRunListQuery): Promise<RunList> {
    await this.agentsService.loadOwned(user, agentId);
    return this.runs.list(agentId, query);
  }

  async steps(user: AuthUser, agentId: string, runId: string, query: PageQuery): Promise<RunStepList> {
    await this.agentsService.loadOwned(user, agentId);
    return this.runs.listSteps(agentId, runId, query);
  }

  /** A test run of the agent started by `user` (404 otherwise, also for chat runs). */
  private async loadTestRun(user: AuthUser, agentId: string, runId: string) {
    await this.agentsService.loadOwned(user, agentId);
    const run = await this.runs.get(agentId, runId);
    if (run.kind !== 'test' || run.userId !== user.id) throw DomainError.notFound('Run');
    return run;
  }
}
