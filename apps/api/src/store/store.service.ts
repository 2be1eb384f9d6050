import { Injectable } from '@nestjs/common';
import type {
  StoreAgentDetail,
  StoreAgentPage,
  StoreAgentQuery,
  StoreCategoryTree,
} from '@agenthub/contracts';
import type { AuthUser } from '../common/auth.decorators.js';
import { DomainError } from '../common/domain-error.js';
import { AgentInstallRepository } from './agent-install.repository.js';
import { AgentRatingRepository } from './agent-rating.repository.js';
import { AgentUsageRepository } from './agent-usage.repository.js';
import { RatingPriorCache } from './rating-prior.cache.js';
import { StoreAgentRepository } from './store-agent.repository.js';
import { AgentCategoryService } from '../agent/agent-category.service.js';
import { ratingRefusal, resolveSort, summariseRatings, normaliseTags } from './store.rules.js';
import { toStoreAgentSummary } from './store-sql.util.js';

export interface CallableAgentSummary {
  agentId: string;
  slug: string;
  name: string;
  description: string | null;
  /** `variables` of the current version's workflow definition, as stored (validated at publish). */
  variables: Record<string, unknown>;
}

/**
 * Browsing the store (search, details, categories) and the usage hook other modules call.
 * Read routes are public; a signed-in caller additionally sees what they installed and rated.
 */
@Injectable()
export class StoreService {
  constructor(
    private readonly agents: StoreAgentRepository,
    private readonly installs: AgentInstallRepository,
    private readonly ratings: AgentRatingRepository,
    private readonly usage: AgentUsageRepository,
    private readonly prior: RatingPriorCache,
    private readonly categoryTree: AgentCategoryService,
  ) {}

  async search(query: StoreAgentQuery, viewer: AuthUser | undefined): Promise<StoreAgentPage> {
    const { rows, total } = await this.agents.search(
      {
        q: query.q,
        category: query.category,
        tags: normaliseTags(query.tags),
        sort: resolveSort(query.sort, query.q),
        page: query.page,
        pageSize: query.pageSize,
      },
      viewer?.id ?? null,
      await this.prior.get(),
    );
    return { items: rows.map(toStoreAgentSummary), total, page: query.page, pageSize: query.pageSize };
  }

  async detail(idOrSlug: string, viewer: AuthUser | undefined): Promise<StoreAgentDetail> {
    const row = await this.agents.findVisible(idOrSlug, viewer?.id ?? null, await this.prior.get());
    if (!row) throw DomainError.notFound('Agent');
    const [versions, counts, myRating, used] = await Promise.all([
      this.agents.publishedVersions(row.id),
      this.ratings.countsByScore(row.id),
      viewer ? this.ratings.findOfUser(viewer.id, row.id) : Promise.resolve(null),
      viewer ? this.usage.hasUsed(viewer.id, row.id) : Promise.resolve(false),
    ]);
    return {
      ...toStoreAgentSummary(row),
      versions: versions.map((v) => ({
        version: v.version,
        changelog: v.changelog,
        publishedAt: v.published_at ? new Date(v.published_at).toISOString() : null,
      })),
      ratingSummary: summariseRatings(counts),
      myRating: myRating ? { score: Number(myRating.score), review: myRating.review } : null,
      canRate:
        viewer !== undefined &&
        ratingRefusal({ isOwner: row.owner_id === viewer.id, installed: row.installed, used }) === null,
    };
  }

  /** The same tree as `GET /api/categories` (one query and one builder, in the agent module). */
  categories(): Promise<StoreCategoryTree> {
    return this.categoryTree.tree();
  }

  /**
   * Records one use of an agent by a user (a chat message, an API completion). For the chat
   * module; it feeds the library's "last used", rating eligibility and recommendations.
   */
  async recordUsage(userId: string, agentId: string): Promise<void> {
    await this.usage.record(userId, agentId);
  }

  /**
   * The installed agents the user can use from outside the web app (the MCP server endpoint lists
   * them as tools): in the store, with their current version's declared workflow variables.
   */
  async callableAgents(userId: string): Promise<CallableAgentSummary[]> {
    return (await this.installs.callable(userId)).map((r) => ({
      agentId: r.id,
      slug: r.slug,
      name: r.name,
      description: r.description,
      variables: r.variables ?? {},
    }));
  }

  /** Whether the user installed the agent (e.g. `/v1/models` lists installed agents). */
  isInstalled(userId: string, agentId: string): Promise<boolean> {
    return this.installs.isInstalled(userId, agentId);
  }
}
