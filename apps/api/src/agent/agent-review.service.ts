import { Injectable, Logger } from '@nestjs/common';
import type {
  AgentVersion,
  ApproveReviewRequest,
  Page,
  RejectReviewRequest,
  ReviewQueueItem,
  ReviewQueueQuery,
  ReviewReason,
} from '@agenthub/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth.decorators.js';
import { DomainError } from '../common/domain-error.js';
import type { RequestMeta } from '../common/request-meta.decorator.js';
import { AuditService } from '../identity/audit.service.js';
import { toVersionDto } from './agent.mapper.js';
import { AgentRepository } from './agent.repository.js';
import { AgentService } from './agent.service.js';
import { AgentSettings } from './agent.settings.js';
import { AgentValidationService } from './agent-validation.service.js';
import type { AgentVersionEntity } from './agent-version.entity.js';
import { AgentVersionRepository } from './agent-version.repository.js';
import { transitionVersion } from './domain/agent-lifecycle.rules.js';
import { reviewReasons } from './domain/review-checks.rules.js';
import { serviceReferences, toolReferences } from './domain/workflow-references.util.js';
import { PlatformResources, TemplateSource } from './ports/agent.ports.js';

/**
 * Reviews submitted versions: the automatic checks (inline after publish today; a queue job can
 * call `review()` later, it is idempotent) and the admin queue's approve/reject decisions.
 */
@Injectable()
export class AgentReviewService {
  private readonly logger = new Logger('AgentReview');

  constructor(
    private readonly dataSource: DataSource,
    private readonly agents: AgentRepository,
    private readonly versions: AgentVersionRepository,
    private readonly agentService: AgentService,
    private readonly validation: AgentValidationService,
    private readonly templates: TemplateSource,
    private readonly platform: PlatformResources,
    private readonly settings: AgentSettings,
    private readonly audit: AuditService,
  ) {}

  /**
   * Runs the automatic checks on a pending version once: failures reject it with reasons; a
   * pass publishes it when auto-approve is on, else leaves it in the admin queue. Calling it
   * again (a retried job) changes nothing.
   */
  async review(versionId: string): Promise<AgentVersion> {
    const version = await this.versions.findById(versionId);
    if (!version) throw DomainError.notFound('Agent version');
    if (version.reviewStatus !== 'pending_review' || version.autoCheckedAt) return toVersionDto(version);
    const agent = await this.agents.findActiveById(version.agentId);
    if (!agent) throw DomainError.notFound('Agent');

    // Checks read other modules and may be slow: computed before taking any lock.
    const reasons = await this.automaticChecks(version, agent.ownerId);

    const result = await this.dataSource.transaction(async (manager) => {
      const locked = await this.agents.findActiveByIdForUpdate(agent.id, manager);
      const current = await this.versions.findByIdForUpdate(versionId, manager);
      if (!locked || !current || current.reviewStatus !== 'pending_review' || current.autoCheckedAt)
        return current;
      current.autoCheckedAt = new Date();
      const audit = { actorId: null, targetType: 'agent_version', targetId: current.id };
      if (reasons.length > 0) {
        current.reviewStatus = transitionVersion(current.reviewStatus, 'reject');
        current.reviewReasons = reasons;
        current.reviewNotes = 'Rejected by the automatic review';
        current.reviewedAt = new Date();
        await this.versions.save(current, manager);
        await this.audit.record(
          {
            ...audit,
            action: 'agent_version.auto_rejected',
            metadata: { agentId: agent.id, version: current.version, reasons: reasons.map((r) => r.code) },
          },
          manager,
        );
      } else if (this.settings.autoApprove) {
        current.reviewNotes = 'Approved automatically: every check passed';
        await this.publishInTransaction(current, null, manager);
        await this.audit.record(
          {
            ...audit,
            action: 'agent_version.auto_approved',
            metadata: { agentId: agent.id, version: current.version },
          },
          manager,
        );
      } else {
        current.reviewNotes = 'Automatic checks passed; waiting for an admin';
        await this.versions.save(current, manager);
      }
      await this.agentService.refreshStatus(agent.id, manager);
      return current;
    });
    return toVersionDto(result ?? version);
  }

  async queue(query: ReviewQueueQuery): Promise<Page<ReviewQueueItem>> {
    const page = await this.versions.pendingPage(query);
    return { ...page, items: page.items.map(({ version, agent }) => ({ ...toVersionDto(version), agent })) };
  }

  async approve(
    admin: AuthUser,
    versionId: string,
    body: ApproveReviewRequest,
    meta: RequestMeta,
  ): Promise<AgentVersion> {
    return this.decide(versionId, meta, admin, async (version, manager) => {
      version.reviewNotes = body.notes ?? 'Approved by an admin';
      await this.publishInTransaction(version, admin.id, manager);
      return { action: 'agent_version.approved', metadata: {} };
    });
  }

  async reject(
    admin: AuthUser,
    versionId: string,
    body: RejectReviewRequest,
    meta: RequestMeta,
  ): Promise<AgentVersion> {
    return this.decide(versionId, meta, admin, async (version, manager) => {
      version.reviewStatus = transitionVersion(version.reviewStatus, 'reject');
      version.reviewNotes = body.reason;
      version.reviewReasons = [...version.reviewReasons, { code: 'rejected_by_admin', message: body.reason }];
      version.reviewedBy = admin.id;
      version.reviewedAt = new Date();
      await this.versions.save(version, manager);
      return { action: 'agent_version.rejected', metadata: { reason: body.reason } };
    });
  }

  private async decide(
    versionId: string,
    meta: RequestMeta,
    admin: AuthUser,
    apply: (
      version: AgentVersionEntity,
      manager: EntityManager,
    ) => Promise<{ action: string; metadata: Record<string, unknown> }>,
  ): Promise<AgentVersion> {
    return this.dataSource.transaction(async (manager) => {
      const peek = await this.versions.findById(versionId, manager);
      const agent = peek ? await this.agents.findActiveByIdForUpdate(peek.agentId, manager) : null;
      const version = agent ? await this.versions.findByIdForUpdate(versionId, manager) : null;
      if (!agent || !version) throw DomainError.notFound('Agent version');
      const { action, metadata } = await apply(version, manager);
      await this.agentService.refreshStatus(agent.id, manager);
      await this.audit.record(
        {
          actorId: admin.id,
          action,
          targetType: 'agent_version',
          targetId: version.id,
          metadata: { agentId: agent.id, version: version.version, ...metadata },
          ip: meta.ip,
          requestId: meta.requestId,
        },
        manager,
      );
      return toVersionDto(version);
    });
  }

  /** pending_review → published, and the agent now serves it (open chats keep their version). */
  async publishInTransaction(
    version: AgentVersionEntity,
    reviewerId: string | null,
    manager: EntityManager,
  ): Promise<void> {
    version.reviewStatus = transitionVersion(version.reviewStatus, 'approve');
    version.reviewedBy = reviewerId;
    version.reviewedAt = new Date();
    await this.versions.save(version, manager);
    await this.agents.update(
      version.agentId,
      { currentVersionId: version.id, latestVersion: version.version, publishedAt: new Date() },
      manager,
    );
  }

  private async automaticChecks(version: AgentVersionEntity, ownerId: string): Promise<ReviewReason[]> {
    const [validation, template, configProblems, serverProblems] = await Promise.all([
      this.validation.validate(version, ownerId),
      version.workflowTemplateId ? this.templates.find(version.workflowTemplateId) : Promise.resolve(null),
      this.platform.checkConfigsUsableByEveryone(
        serviceReferences(version.resolvedDefinition, version.serviceDependencies).map((r) => r.configId),
      ),
      this.platform.checkMcpServersUsableByEveryone(
        toolReferences(version.resolvedDefinition, version.toolDependencies).map((r) => r.server),
      ),
    ]);
    const reasons = reviewReasons({
      resolvedDefinition: version.resolvedDefinition,
      systemPrompt: version.systemPrompt,
      modelParamsOverride: version.modelParamsOverride,
      workflowTemplateId: version.workflowTemplateId,
      templateVersion: version.templateVersion,
      validation,
      template,
      unusableConfigs: configProblems,
      unusableServers: serverProblems,
    });
    this.logger.log({ versionId: version.id, reasons: reasons.map((r) => r.code) }, 'Automatic review done');
    return reasons;
  }
}
