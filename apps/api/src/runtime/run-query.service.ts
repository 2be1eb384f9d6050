import { Inject, Injectable } from '@nestjs/common';
import type { AgentRunListQuery, PageQuery, Run, RunList, RunStepList } from '@agenthub/contracts';
import { DomainError } from '../common/domain-error.js';
import type { AuthUser } from '../common/auth.decorators.js';
import { assertOwned } from '../common/ownership.util.js';
import { toRunDto, toRunStepDto } from './run.mapper.js';
import { RunStepRepository } from './run-step.repository.js';
import { RunRepository } from './run.repository.js';
import { MODEL_CONFIG_SOURCE, type ModelConfigSource } from './runtime.ports.js';
import type { WorkflowExecutionEntity } from './workflow-execution.entity.js';

/** Reading runs and their traces: the run's user sees them, admins may too, others get 404. */
@Injectable()
export class RunQueryService {
  constructor(
    private readonly runs: RunRepository,
    private readonly steps: RunStepRepository,
    @Inject(MODEL_CONFIG_SOURCE) private readonly configs: ModelConfigSource,
  ) {}

  async get(user: AuthUser, runId: string): Promise<Run> {
    return toRunDto(await this.findVisible(user, runId));
  }

  async listSteps(user: AuthUser, runId: string, query: PageQuery): Promise<RunStepList> {
    await this.findVisible(user, runId);
    return this.stepsPage(runId, query);
  }

  /**
   * An agent's runs for its dashboards (test and chat runs of every user). Callers check that
   * the viewer may see the agent's runs (its owner or an admin).
   */
  async listForAgent(agentId: string, query: AgentRunListQuery): Promise<RunList> {
    const [rows, total] = await this.runs.listForAgent(agentId, query, query.page, query.pageSize);
    return { items: rows.map(toRunDto), total, page: query.page, pageSize: query.pageSize };
  }

  /** A run of the agent (404 for another agent's run); callers check the viewer may see the agent's runs. */
  async getForAgent(agentId: string, runId: string): Promise<Run> {
    return toRunDto(await this.findOfAgent(agentId, runId));
  }

  /** The trace of one of the agent's runs; callers check the viewer may see the agent's runs. */
  async listStepsForAgent(agentId: string, runId: string, query: PageQuery): Promise<RunStepList> {
    await this.findOfAgent(agentId, runId);
    return this.stepsPage(runId, query);
  }

  private async stepsPage(runId: string, query: PageQuery): Promise<RunStepList> {
    const [rows, total] = await this.steps.listForRun(runId, query.page, query.pageSize);
    const labels = await this.configs.modelLabels(
      rows.flatMap((r) => (r.serviceConfigId ? [r.serviceConfigId] : [])),
    );
    return {
      items: rows.map((r) => toRunStepDto(r, labels)),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  private async findOfAgent(agentId: string, runId: string): Promise<WorkflowExecutionEntity> {
    const run = await this.runs.findById(runId);
    if (!run || run.agentId !== agentId) throw DomainError.notFound('Run');
    return run;
  }

  /**
   * Usage figures for agent owners' dashboards (the Studio home): distinct chats per agent that
   * had a turn in the last `days` days. Agents without any are absent from the map. Callers check
   * that the viewer may see these agents.
   */
  recentChatCounts(agentIds: readonly string[], days: number): Promise<Map<string, number>> {
    return this.runs.countRecentChatsByAgent(agentIds, days);
  }

  private async findVisible(user: AuthUser, runId: string): Promise<WorkflowExecutionEntity> {
    const run = await this.runs.findById(runId);
    assertOwned(run, user, { ownerKey: 'userId', allowAdmin: true, what: 'Run' });
    return run;
  }
}
