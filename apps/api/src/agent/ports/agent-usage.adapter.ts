import { Injectable } from '@nestjs/common';
import { RunQueryService } from '../../runtime/run-query.service.js';
import { AgentUsageSource } from './agent.ports.js';

/** Chat activity comes from the runtime's run records (one run per chat turn). */
@Injectable()
export class RuntimeAgentUsageSource extends AgentUsageSource {
  constructor(private readonly runs: RunQueryService) {
    super();
  }

  recentChatCounts(agentIds: readonly string[], days: number): Promise<Map<string, number>> {
    return this.runs.recentChatCounts(agentIds, days);
  }
}
