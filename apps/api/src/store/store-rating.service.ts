import { Injectable } from '@nestjs/common';
import {
  type AgentRating,
  type AgentRatingPage,
  type RateAgentRequest,
  type RateAgentResult,
  type RatingListQuery,
  StoreErrorCodes,
} from '@agenthub/contracts';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../common/auth.decorators.js';
import { DomainError } from '../common/domain-error.js';
import { AgentInstallRepository } from './agent-install.repository.js';
import { AgentRatingRepository, type RatingRow } from './agent-rating.repository.js';
import { AgentUsageRepository } from './agent-usage.repository.js';
import { RatingPriorCache } from './rating-prior.cache.js';
import { StoreAgentRepository } from './store-agent.repository.js';
import { ratingRefusal } from './store.rules.js';

function toRatingDto(r: RatingRow): AgentRating {
  return {
    id: r.id,
    agentId: r.agent_id,
    score: Number(r.score),
    review: r.review,
    reviewer: { id: r.user_id, displayName: r.reviewer_name },
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

/** One rating per user and agent (rating again replaces it); agents' totals kept exact. */
@Injectable()
export class StoreRatingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly agents: StoreAgentRepository,
    private readonly ratings: AgentRatingRepository,
    private readonly installs: AgentInstallRepository,
    private readonly usage: AgentUsageRepository,
    private readonly prior: RatingPriorCache,
  ) {}

  async rate(user: AuthUser, agentId: string, body: RateAgentRequest): Promise<RateAgentResult> {
    const result = await this.dataSource.transaction(async (manager) => {
      // The agent row lock serialises raters of one agent, so the recomputed totals below see
      // every committed rating (READ COMMITTED takes a fresh snapshot per statement).
      const agent = await this.agents.findVisibleIdForUpdate(agentId, manager);
      if (!agent) throw DomainError.notFound('Agent');
      // Sequential: one transaction is one connection.
      const installed = await this.installs.isInstalled(user.id, agentId, manager);
      const used = await this.usage.hasUsed(user.id, agentId, manager);
      const refusal = ratingRefusal({ isOwner: agent.ownerId === user.id, installed, used });
      if (refusal) throw DomainError.forbidden(StoreErrorCodes.ratingNotAllowed, refusal);
      const { id, inserted } = await this.ratings.upsert(
        { userId: user.id, agentId, score: body.score, review: body.review ?? null },
        manager,
      );
      const totals = await this.ratings.recomputeAgentTotals(agentId, manager);
      const row = await this.ratings.findById(id, manager);
      return { rating: toRatingDto(row!), created: inserted, ...totals };
    });
    this.prior.invalidate();
    return result;
  }

  async list(agentId: string, query: RatingListQuery): Promise<AgentRatingPage> {
    if (!(await this.agents.isVisible(agentId))) throw DomainError.notFound('Agent');
    const { rows, total } = await this.ratings.page(agentId, query.page, query.pageSize);
    return { items: rows.map(toRatingDto), total, page: query.page, pageSize: query.pageSize };
  }
}
