import { Injectable } from '@nestjs/common';
import type { RecommendationList, RecommendationQuery } from '@agenthub/contracts';
import type { AuthUser } from '../common/auth.decorators.js';
import { RatingPriorCache } from './rating-prior.cache.js';
import { StoreAgentRepository } from './store-agent.repository.js';
import { toStoreAgentSummary } from './store-sql.util.js';

/**
 * "For you": popular agents in the categories the user installs and uses, never ones already
 * installed (nor their own). With no history (cold start), or to fill the list up, the best
 * Bayesian-rated agents follow.
 */
@Injectable()
export class StoreRecommendationService {
  constructor(
    private readonly agents: StoreAgentRepository,
    private readonly prior: RatingPriorCache,
  ) {}

  async recommend(user: AuthUser, query: RecommendationQuery): Promise<RecommendationList> {
    const mean = await this.prior.get();
    const byCategory = await this.agents.byCategoryAffinity(user.id, query.limit, mean);
    const filler =
      byCategory.length < query.limit
        ? await this.agents.topRated(
            user.id,
            byCategory.map((r) => r.id),
            query.limit - byCategory.length,
            mean,
          )
        : [];
    return {
      items: [
        ...byCategory.map((r) => ({ ...toStoreAgentSummary(r), reason: 'category' as const })),
        ...filler.map((r) => ({ ...toStoreAgentSummary(r), reason: 'top_rated' as const })),
      ],
    };
  }
}
