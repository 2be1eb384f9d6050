import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AgentModule } from '../agent/agent.module.js';
import { AgentInstallEntity } from './agent-install.entity.js';
import { AgentInstallRepository } from './agent-install.repository.js';
import { AgentRatingEntity } from './agent-rating.entity.js';
import { AgentRatingRepository } from './agent-rating.repository.js';
import { AgentUsageEntity } from './agent-usage.entity.js';
import { AgentUsageRepository } from './agent-usage.repository.js';
import { LibraryController } from './library.controller.js';
import { RatingPriorCache } from './rating-prior.cache.js';
import { StoreAgentRepository } from './store-agent.repository.js';
import { StoreController } from './store.controller.js';
import { StoreInstallService } from './store-install.service.js';
import { StoreRatingService } from './store-rating.service.js';
import { StoreRecommendationService } from './store-recommendation.service.js';
import { StoreService } from './store.service.js';
import { StoreStatsQuery } from './store-stats.query.js';

/**
 * The store (issue 5): search, details, installs, ratings, recommendations, the user's library.
 * Reads the agent module's tables (agents, agent_versions) through its own SQL, takes the category
 * tree with counts from the agent module (AgentCategoryService), and never writes agent tables
 * except the counters it owns (install_count, rating_avg, rating_count).
 * Exports StoreService for the chat module (`recordUsage`) and the MCP server endpoint (`callableAgents`).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([AgentInstallEntity, AgentRatingEntity, AgentUsageEntity]),
    // The category tree with agent counts (one query, served at /api/categories and /api/store/categories).
    AgentModule,
  ],
  controllers: [StoreController, LibraryController],
  providers: [
    StoreStatsQuery,
    StoreAgentRepository,
    AgentInstallRepository,
    AgentRatingRepository,
    AgentUsageRepository,
    RatingPriorCache,
    StoreService,
    StoreInstallService,
    StoreRatingService,
    StoreRecommendationService,
  ],
  // StoreStatsQuery: aggregates for the agent analytics.
  exports: [StoreService, StoreStatsQuery],
})
export class StoreModule {}
