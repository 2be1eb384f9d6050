import { Controller, Delete, Get, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type AgentRatingPage,
  agentRatingPageSchema,
  type InstallState,
  installStateSchema,
  type RateAgentRequest,
  rateAgentRequestSchema,
  type RateAgentResult,
  rateAgentResultSchema,
  type RatingListQuery,
  ratingListQuerySchema,
  type RecommendationList,
  recommendationListSchema,
  type RecommendationQuery,
  recommendationQuerySchema,
  type StoreAgentDetail,
  storeAgentDetailSchema,
  type StoreAgentPage,
  storeAgentPageSchema,
  type StoreAgentQuery,
  storeAgentQuerySchema,
  type StoreCategoryTree,
  storeCategoryTreeSchema,
} from '@agenthub/contracts';
import { z } from 'zod';
import { type AuthUser, CurrentUser, Public } from '../common/auth.decorators.js';
import { ApiErrors, ZodBody, ZodParam, ZodQuery, ZodResponse } from '../common/zod.decorators.js';
import { StoreInstallService } from './store-install.service.js';
import { StoreRatingService } from './store-rating.service.js';
import { StoreRecommendationService } from './store-recommendation.service.js';
import { StoreService } from './store.service.js';

/** On public routes the auth guard still attaches a valid caller, which personalises the answer. */
type MaybeAuthed = { user?: AuthUser };

const idOrSlugSchema = z.string().trim().min(1).max(100);

@ApiTags('store')
@Controller('store')
export class StoreController {
  constructor(
    private readonly store: StoreService,
    private readonly installs: StoreInstallService,
    private readonly ratings: StoreRatingService,
    private readonly recommendations: StoreRecommendationService,
  ) {}

  @Get('agents')
  @Public()
  @ApiOperation({
    summary: 'Search the store (public; with credentials, marks installed agents)',
    description:
      'Full-text over name, description and tags: English words are stemmed, Chinese and other text matches by substring, small typos are tolerated. `sort` defaults to relevance with `q`, else popular; `rating` uses a Bayesian average.',
  })
  @ZodResponse(200, storeAgentPageSchema)
  @ApiErrors(400)
  search(
    @ZodQuery(storeAgentQuerySchema) query: StoreAgentQuery,
    @Req() req: MaybeAuthed,
  ): Promise<StoreAgentPage> {
    return this.store.search(query, req.user);
  }

  @Get('categories')
  @Public()
  @ApiOperation({
    summary: 'Category tree with the number of store agents in each (sub-categories included)',
  })
  @ZodResponse(200, storeCategoryTreeSchema)
  categories(): Promise<StoreCategoryTree> {
    return this.store.categories();
  }

  @Get('recommendations')
  @ApiOperation({ summary: 'Agents for you: popular in the categories you use, else top rated' })
  @ZodResponse(200, recommendationListSchema)
  @ApiErrors(400, 401)
  recommend(
    @CurrentUser() user: AuthUser,
    @ZodQuery(recommendationQuerySchema) query: RecommendationQuery,
  ): Promise<RecommendationList> {
    return this.recommendations.recommend(user, query);
  }

  @Get('agents/:idOrSlug')
  @Public()
  @ApiOperation({ summary: 'A store agent: details, published versions, rating summary (public)' })
  @ZodResponse(200, storeAgentDetailSchema)
  @ApiErrors(400, 404)
  detail(
    @ZodParam('idOrSlug', idOrSlugSchema) idOrSlug: string,
    @Req() req: MaybeAuthed,
  ): Promise<StoreAgentDetail> {
    return this.store.detail(idOrSlug, req.user);
  }

  @Post('agents/:id/install')
  @HttpCode(200)
  @ApiOperation({ summary: 'Install an agent (idempotent)' })
  @ZodResponse(200, installStateSchema)
  @ApiErrors(400, 401, 404)
  install(@CurrentUser() user: AuthUser, @ZodParam('id', z.uuid()) id: string): Promise<InstallState> {
    return this.installs.install(user, id);
  }

  @Delete('agents/:id/install')
  @ApiOperation({ summary: 'Uninstall an agent (idempotent)' })
  @ZodResponse(200, installStateSchema)
  @ApiErrors(400, 401, 404)
  uninstall(@CurrentUser() user: AuthUser, @ZodParam('id', z.uuid()) id: string): Promise<InstallState> {
    return this.installs.uninstall(user, id);
  }

  @Post('agents/:id/ratings')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Rate an agent 1–5 with an optional review; rating again replaces your rating',
    description: 'Only after installing or using the agent, and not your own (403 `rating_not_allowed`).',
  })
  @ZodResponse(200, rateAgentResultSchema)
  @ApiErrors(400, 401, 403, 404)
  rate(
    @CurrentUser() user: AuthUser,
    @ZodParam('id', z.uuid()) id: string,
    @ZodBody(rateAgentRequestSchema) body: RateAgentRequest,
  ): Promise<RateAgentResult> {
    return this.ratings.rate(user, id, body);
  }

  @Get('agents/:id/ratings')
  @Public()
  @ApiOperation({ summary: 'Ratings of an agent, newest first (public)' })
  @ZodResponse(200, agentRatingPageSchema)
  @ApiErrors(400, 404)
  ratingsOf(
    @ZodParam('id', z.uuid()) id: string,
    @ZodQuery(ratingListQuerySchema) query: RatingListQuery,
  ): Promise<AgentRatingPage> {
    return this.ratings.list(id, query);
  }
}
