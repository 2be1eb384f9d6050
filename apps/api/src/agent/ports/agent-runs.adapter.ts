import { Injectable } from '@nestjs/common';
import type { AgentRunListQuery, PageQuery, Run, RunList, RunStepList } from '@agenthub/contracts';
import { RunQueryService } from '../../runtime/run-query.service.js';
import { AgentRunsSource } from './agent.ports.js';

/** The agent's runs and traces come from the runtime's run records. */
@Injectable()
export class RuntimeAgentRunsSource extends AgentRunsSource {
  constructor(private readonly runs: RunQueryService) {
    super();
  }

  list(agentId: string, query: AgentRunListQuery): Promise<RunList> {
    return this.runs.listForAgent(agentId, query);
  }

  get(agentId: string, runId: string): Promise<Run> {
    return this.runs.getForAgent(agentId, runId);
  }

  listSteps(agentId: string, runId: string, query: PageQuery): Promise<RunStepList> {
    return this.runs.listStepsForAgent(agentId, runId, query);
  }
}
