import { Injectable } from '@nestjs/common';
import { diffWorkflows } from '@agenthub/engine';
import { type AgentVersionDetail, AgentErrorCodes, type AgentVersionList } from '@agenthub/contracts';
import type { AuthUser } from '../common/auth.decorators.js';
import { DomainError } from '../common/domain-error.js';
import { toVersionDto } from './agent.mapper.js';
import { AgentService } from './agent.service.js';
import { AgentVersionRepository } from './agent-version.repository.js';
import { compareVersionsDesc } from './domain/version-number.rules.js';

/** Version history of an agent, with a structural diff against the previous version. */
@Injectable()
export class AgentVersionService {
  constructor(
    private readonly agentService: AgentService,
    private readonly versions: AgentVersionRepository,
  ) {}

  /** Submitted versions, highest first (the draft is part of the agent detail). */
  async list(user: AuthUser, agentId: string): Promise<AgentVersionList> {
    const agent = await this.agentService.loadOwned(user, agentId);
    const items = (await this.versions.listSubmitted(agent.id)).sort((a, b) =>
      compareVersionsDesc(a.version!, b.version!),
    );
    return { items: items.map(toVersionDto) };
  }

  async get(user: AuthUser, agentId: string, version: string): Promise<AgentVersionDetail> {
    const agent = await this.agentService.loadOwned(user, agentId);
    const all = (await this.versions.listSubmitted(agent.id)).sort((a, b) =>
      compareVersionsDesc(a.version!, b.version!),
    );
    const index = all.findIndex((v) => v.version === version);
    if (index < 0) throw DomainError.notFound('Agent version');
    const current = all[index]!;
    const previous = all[index + 1] ?? null;
    return {
      ...toVersionDto(current),
      previousVersion: previous?.version ?? null,
      diff: diffWorkflows(previous?.resolvedDefinition ?? null, current.resolvedDefinition),
    };
  }

  /** Submitted versions never change: any edit addressed to one is refused. */
  async assertEditable(user: AuthUser, agentId: string, version: string): Promise<never> {
    const agent = await this.agentService.loadOwned(user, agentId);
    const found = await this.versions.findByNumber(agent.id, version);
    if (!found) throw DomainError.notFound('Agent version');
    throw DomainError.conflict(
      AgentErrorCodes.versionImmutable,
      `Version ${version} is ${found.reviewStatus.replace('_', ' ')} and cannot be changed; edit the draft and publish a new version`,
    );
  }
}
