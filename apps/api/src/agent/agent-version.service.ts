import { Injectable } from '@nestjs/common';
import { diffWorkflows } from '@agenthub/engine';
import {
  type AgentVersion,
  type AgentVersionDetail,
  AgentErrorCodes,
  type AgentVersionList,
  type VersionCompare,
  type VersionCompareQuery,
} from '@agenthub/contracts';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../common/auth.decorators.js';
import { DomainError } from '../common/domain-error.js';
import type { RequestMeta } from '../common/request-meta.decorator.js';
import { AuditService } from '../identity/audit.service.js';
import { toVersionDto } from './agent.mapper.js';
import { AgentService } from './agent.service.js';
import type { AgentVersionEntity } from './agent-version.entity.js';
import { AgentVersionRepository } from './agent-version.repository.js';
import { transitionVersion } from './domain/agent-lifecycle.rules.js';
import { compareVersionsDesc } from './domain/version-number.rules.js';

/** `to`/`from` value naming the editable draft in a comparison. */
export const DRAFT_REF = 'draft';

/** Version history of an agent, structural diffs between versions, and deprecation. */
@Injectable()
export class AgentVersionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly agentService: AgentService,
    private readonly versions: AgentVersionRepository,
    private readonly audit: AuditService,
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

  /** The structural diff from one version to another (either may be `draft`). */
  async compare(user: AuthUser, agentId: string, query: VersionCompareQuery): Promise<VersionCompare> {
    const agent = await this.agentService.loadOwned(user, agentId);
    const [from, to] = await Promise.all([
      this.resolve(agent.id, query.from, 'query.from'),
      this.resolve(agent.id, query.to, 'query.to'),
    ]);
    const side = (v: AgentVersionEntity) => ({
      version: v.version,
      reviewStatus: v.reviewStatus,
      definition: v.resolvedDefinition,
    });
    return {
      from: side(from),
      to: side(to),
      diff: diffWorkflows(from.resolvedDefinition, to.resolvedDefinition),
    };
  }

  /** Retires a published version the agent no longer serves (open chats keep running it). */
  async deprecate(
    user: AuthUser,
    agentId: string,
    version: string,
    meta: RequestMeta,
  ): Promise<AgentVersion> {
    return this.dataSource.transaction(async (manager) => {
      const agent = await this.agentService.loadOwnedForUpdate(user, agentId, manager);
      const found = await this.versions.findByNumber(agent.id, version, manager);
      if (!found) throw DomainError.notFound('Agent version');
      if (agent.currentVersionId === found.id) {
        throw DomainError.conflict(
          AgentErrorCodes.invalidTransition,
          `Version ${version} is the one the agent serves; publish a newer version before deprecating it`,
        );
      }
      found.reviewStatus = transitionVersion(found.reviewStatus, 'deprecate');
      await this.versions.save(found, manager);
      await this.audit.record(
        {
          actorId: user.id,
          action: 'agent_version.deprecated',
          targetType: 'agent_version',
          targetId: found.id,
          metadata: { agentId: agent.id, version },
          ip: meta.ip,
          requestId: meta.requestId,
        },
        manager,
      );
      return toVersionDto(found);
    });
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

  private async resolve(agentId: string, ref: string, path: string): Promise<AgentVersionEntity> {
    const found =
      ref === DRAFT_REF
        ? await this.versions.findDraft(agentId)
        : await this.versions.findByNumber(agentId, ref);
    if (!found) {
      throw new DomainError(404, 'not_found', `No version ${ref} of this agent`, [
        { path, code: 'not_found', message: `No version ${ref}` },
      ]);
    }
    return found;
  }
}
