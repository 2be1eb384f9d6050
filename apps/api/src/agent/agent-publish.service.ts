import { Injectable } from '@nestjs/common';
import { type AgentVersion, AgentErrorCodes, type PublishRequest } from '@agenthub/contracts';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../common/auth.decorators.js';
import { DomainError } from '../common/domain-error.js';
import type { RequestMeta } from '../common/request-meta.decorator.js';
import { AuditService } from '../identity/audit.service.js';
import { AgentService } from './agent.service.js';
import { AgentReviewService } from './agent-review.service.js';
import { AgentVersionRepository } from './agent-version.repository.js';
import { transitionVersion } from './domain/agent-lifecycle.rules.js';
import { assertNextVersion } from './domain/version-number.rules.js';

/** Freezes the draft into a numbered version and hands it to the review. */
@Injectable()
export class AgentPublishService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly agentService: AgentService,
    private readonly versions: AgentVersionRepository,
    private readonly review: AgentReviewService,
    private readonly audit: AuditService,
  ) {}

  async publish(
    user: AuthUser,
    agentId: string,
    body: PublishRequest,
    meta: RequestMeta,
  ): Promise<AgentVersion> {
    const versionId = await this.dataSource.transaction(async (manager) => {
      const agent = await this.agentService.loadOwnedForUpdate(user, agentId, manager);
      if (agent.archivedAt)
        throw DomainError.conflict(AgentErrorCodes.agentArchived, 'Unarchive the agent before publishing');
      const submitted = await this.versions.listSubmitted(agent.id, manager);
      const version = assertNextVersion(
        body.version,
        submitted.map((v) => v.version!),
      );
      if (submitted.some((v) => v.reviewStatus === 'pending_review')) {
        throw DomainError.conflict(
          AgentErrorCodes.reviewPending,
          'Another version of this agent is waiting for review; wait for the decision first',
        );
      }
      const draft = await this.versions.findDraft(agent.id, manager);
      if (!draft) {
        throw DomainError.conflict(
          AgentErrorCodes.invalidTransition,
          'Nothing to publish: the latest version is already submitted; edit the workflow first',
        );
      }
      draft.reviewStatus = transitionVersion(draft.reviewStatus, 'submit');
      draft.version = version;
      draft.changelog = body.changelog || null;
      draft.submittedAt = new Date();
      await this.versions.save(draft, manager);
      await this.agentService.refreshStatus(agent.id, manager);
      await this.audit.record(
        {
          actorId: user.id,
          action: 'agent_version.submitted',
          targetType: 'agent_version',
          targetId: draft.id,
          metadata: { agentId: agent.id, version },
          ip: meta.ip,
          requestId: meta.requestId,
        },
        manager,
      );
      return draft.id;
    });
    return this.review.review(versionId);
  }
}
