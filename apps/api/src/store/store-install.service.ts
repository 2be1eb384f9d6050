import { Injectable } from '@nestjs/common';
import type { InstallState, LibraryPage, LibraryQuery } from '@agenthub/contracts';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../common/auth.decorators.js';
import { DomainError } from '../common/domain-error.js';
import { AgentInstallRepository } from './agent-install.repository.js';
import { RatingPriorCache } from './rating-prior.cache.js';
import { StoreAgentRepository } from './store-agent.repository.js';
import { toStoreAgentSummary } from './store-sql.util.js';

/** Installing and uninstalling (both idempotent) and the user's library. */
@Injectable()
export class StoreInstallService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly agents: StoreAgentRepository,
    private readonly installs: AgentInstallRepository,
    private readonly prior: RatingPriorCache,
  ) {}

  /** Only store-visible agents can be installed; installing twice changes nothing. */
  async install(user: AuthUser, agentId: string): Promise<InstallState> {
    if (!(await this.agents.isVisible(agentId))) throw DomainError.notFound('Agent');
    return this.dataSource.transaction(async (manager) => {
      await this.installs.install(user.id, agentId, manager);
      return this.toState(agentId, await this.installs.state(user.id, agentId, manager));
    });
  }

  /**
   * Works on any agent the user has installed, even one archived since (so it can leave the
   * library); an agent that is neither installed nor in the store is a 404.
   */
  async uninstall(user: AuthUser, agentId: string): Promise<InstallState> {
    const { change, state } = await this.dataSource.transaction(async (manager) => ({
      change: await this.installs.uninstall(user.id, agentId, manager),
      state: await this.installs.state(user.id, agentId, manager),
    }));
    // Checked after the transaction: a second pooled connection taken while holding one could
    // starve the pool under load.
    if (!change.changed && !(await this.agents.isVisible(agentId))) throw DomainError.notFound('Agent');
    return this.toState(agentId, state);
  }

  async library(user: AuthUser, query: LibraryQuery): Promise<LibraryPage> {
    const { rows, total } = await this.installs.library(
      user.id,
      query.page,
      query.pageSize,
      await this.prior.get(),
    );
    return {
      items: rows.map((r) => ({
        agent: toStoreAgentSummary(r),
        installedAt: new Date(r.installed_at).toISOString(),
        lastUsedAt: r.last_used_at ? new Date(r.last_used_at).toISOString() : null,
        useCount: r.use_count ?? 0,
        available: r.available,
      })),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  private toState(
    agentId: string,
    state: { installedAt: Date | null; installCount: number } | null,
  ): InstallState {
    if (!state) throw DomainError.notFound('Agent');
    return {
      agentId,
      installed: state.installedAt !== null,
      installedAt: state.installedAt ? new Date(state.installedAt).toISOString() : null,
      installCount: state.installCount,
    };
  }
}
