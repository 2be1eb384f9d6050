import { Injectable } from '@nestjs/common';
import {
  addDays,
  type AgentAnalytics,
  type AgentAnalyticsQuery,
  resolveAnalyticsRange,
} from '@agenthub/contracts';
import { AgentService } from '../agent/agent.service.js';
import { ChatStatsQuery } from '../chat/chat-stats.query.js';
import type { AuthUser } from '../common/auth.decorators.js';
import { RunStatsQuery } from '../runtime/run-stats.query.js';
import { StoreStatsQuery } from '../store/store-stats.query.js';
import { mergeAnalytics } from './analytics.rules.js';

/**
 * An agent's analytics for its owner or an admin (others: 404). Each module aggregates its own
 * tables (runs, chats, installs/ratings — three queries at once); this merges the rows per day.
 */
@Injectable()
export class AgentAnalyticsService {
  constructor(
    private readonly agents: AgentService,
    private readonly runs: RunStatsQuery,
    private readonly chats: ChatStatsQuery,
    private readonly store: StoreStatsQuery,
  ) {}

  async get(user: AuthUser, agentId: string, query: AgentAnalyticsQuery): Promise<AgentAnalytics> {
    await this.agents.loadOwned(user, agentId);
    const { from, to } = resolveAnalyticsRange(query);
    const start = new Date(`${from}T00:00:00Z`);
    const end = new Date(`${addDays(to, 1)}T00:00:00Z`);
    const [runs, chats, store] = await Promise.all([
      this.runs.agentDaily(agentId, start, end),
      this.chats.agentDaily(agentId, start, end),
      this.store.agentDaily(agentId, start, end),
    ]);
    return { agentId, from, to, bucket: query.bucket, ...mergeAnalytics(from, to, { runs, chats, store }) };
  }
}
