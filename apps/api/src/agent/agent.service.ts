import { Injectable } from '@nestjs/common';
import {
  type Agent,
  type AgentDetail,
  AgentErrorCodes,
  type AgentListItem,
  type AgentListQuery,
  type CreateAgentRequest,
  type Page,
  type SlugAvailability,
  type SlugAvailabilityQuery,
  slugify,
  type UpdateAgentRequest,
  type WorkflowDefinitionInput,
} from '@agenthub/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth.decorators.js';
import { DomainError } from '../common/domain-error.js';
import { assertOwned } from '../common/ownership.util.js';
import type { RequestMeta } from '../common/request-meta.decorator.js';
import { AuditService } from '../identity/audit.service.js';
import { AgentCategoryRepository } from './agent-category.repository.js';
import type { AgentEntity } from './agent.entity.js';
import { toAgentDto, toVersionDto } from './agent.mapper.js';
import { AgentRepository, isUniqueViolation } from './agent.repository.js';
import type { AgentVersionEntity } from './agent-version.entity.js';
import { AgentVersionRepository } from './agent-version.repository.js';
import { assertAgentTransition, deriveAgentStatus } from './domain/agent-lifecycle.rules.js';
import { AgentUsageSource, TemplateSource } from './ports/agent.ports.js';

/** What a new agent starts with: one streaming LLM node answering the user's message. */
export const STARTER_DEFINITION: WorkflowDefinitionInput = {
  schemaVersion: 1,
  entry: 'answer',
  nodes: [{ id: 'answer', type: 'llm', name: 'Answer', config: { prompt: '{{input}}', stream: true } }],
  edges: [{ from: 'answer', to: '__end__' }],
};

/** The window of the Studio list's `chatsLast7Days`. */
const RECENT_CHATS_DAYS = 7;

export const isAdmin = (user: Pick<AuthUser, 'roles'>) => user.roles.includes('admin');

/** Agents CRUD for their owners (developers) and admins, plus the draft and status bookkeeping. */
@Injectable()
export class AgentService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly agents: AgentRepository,
    private readonly versions: AgentVersionRepository,
    private readonly categories: AgentCategoryRepository,
    private readonly templates: TemplateSource,
    private readonly audit: AuditService,
    private readonly usage: AgentUsageSource,
  ) {}

  /** The agent if `user` owns it or is an admin; 404 otherwise (never 403: ids are not probed). */
  async loadOwned(user: AuthUser, id: string, manager?: EntityManager): Promise<AgentEntity> {
    const agent = await this.agents.findActiveById(id, manager);
    assertOwned(agent, user, { allowAdmin: true, what: 'Agent' });
    return agent;
  }

  async loadOwnedForUpdate(user: AuthUser, id: string, manager: EntityManager): Promise<AgentEntity> {
    const agent = await this.agents.findActiveByIdForUpdate(id, manager);
    assertOwned(agent, user, { allowAdmin: true, what: 'Agent' });
    return agent;
  }

  /**
   * The Studio list: developers see their own agents, admins everyone's (`ownerId` narrows it,
   * e.g. to their own). Each row carries its draft's last change and its chats of the last 7
   * days; three queries per page, whatever its size.
   */
  async list(user: AuthUser, query: AgentListQuery): Promise<Page<AgentListItem>> {
    const page = await this.agents.search(query, isAdmin(user) ? null : user.id);
    const ids = page.items.map((a) => a.id);
    const [drafts, chats] = await Promise.all([
      this.versions.draftUpdatedAt(ids),
      this.usage.recentChatCounts(ids, RECENT_CHATS_DAYS),
    ]);
    return {
      ...page,
      items: page.items.map((a) => ({
        ...toAgentDto(a),
        draftUpdatedAt: drafts.get(a.id)?.toISOString() ?? null,
        chatsLast7Days: chats.get(a.id) ?? 0,
      })),
    };
  }

  /**
   * Whether a slug is free for a new agent, or for renaming `exceptId` (which the caller must own:
   * 404 otherwise). Soft-deleted agents' slugs are free.
   */
  async slugAvailability(user: AuthUser, query: SlugAvailabilityQuery): Promise<SlugAvailability> {
    let exceptId: string | undefined;
    if (query.exceptId) exceptId = (await this.loadOwned(user, query.exceptId)).id;
    const taken = await this.agents.slugTaken(query.slug, exceptId);
    return {
      slug: query.slug,
      available: !taken,
      suggestion: taken ? await this.freeSlug(query.slug) : null,
    };
  }

  async get(user: AuthUser, id: string): Promise<AgentDetail> {
    const agent = await this.loadOwned(user, id);
    return this.detail(agent);
  }

  async detail(agent: AgentEntity, manager?: EntityManager): Promise<AgentDetail> {
    const draft = await this.versions.findDraft(agent.id, manager);
    return { ...toAgentDto(agent), draft: draft ? toVersionDto(draft) : null };
  }

  async create(user: AuthUser, body: CreateAgentRequest, meta: RequestMeta): Promise<AgentDetail> {
    await this.assertCategoryExists(body.categoryId ?? null);
    const slug = body.slug ?? (await this.freeSlug(slugify(body.name)));
    if (body.slug && (await this.agents.slugTaken(body.slug))) throw slugTaken(body.slug);

    // Instantiated before the transaction: a bad template or parameter is a 4xx with no writes.
    const template = body.templateId
      ? await this.templates.instantiate(body.templateId, body.parameters ?? {}, {
          countUsage: true,
          viewer: user,
        })
      : null;
    try {
      return await this.dataSource.transaction(async (manager) => {
        const agent = await this.agents.create(
          {
            ownerId: user.id,
            slug,
            name: body.name,
            nameZh: body.nameZh ?? null,
            description: body.description,
            descriptionZh: body.descriptionZh ?? null,
            icon: body.icon ?? null,
            categoryId: body.categoryId ?? null,
            tags: normaliseTags(body.tags),
            templateId: template?.templateId ?? null,
          },
          manager,
        );
        await this.versions.createDraft(
          {
            agentId: agent.id,
            ...(template
              ? {
                  workflowDefinition: null,
                  workflowTemplateId: template.templateId,
                  templateParameters: template.parameters,
                  templateVersion: template.templateVersion,
                  resolvedDefinition: template.definition as Record<string, unknown>,
                }
              : {
                  workflowDefinition: STARTER_DEFINITION as Record<string, unknown>,
                  workflowTemplateId: null,
                  templateParameters: null,
                  templateVersion: null,
                  resolvedDefinition: STARTER_DEFINITION as Record<string, unknown>,
                }),
            serviceDependencies: {},
            modelParamsOverride: {},
            systemPrompt: null,
            toolDependencies: [],
            ragEnabled: false,
            stepLimit: null,
          },
          manager,
        );
        await this.audit.record(
          {
            actorId: user.id,
            action: 'agent.created',
            targetType: 'agent',
            targetId: agent.id,
            metadata: { slug, templateId: template?.templateId ?? null },
            ip: meta.ip,
            requestId: meta.requestId,
          },
          manager,
        );
        return this.detail(agent, manager);
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw slugTaken(slug);
      throw err;
    }
  }

  async update(user: AuthUser, id: string, body: UpdateAgentRequest): Promise<AgentDetail> {
    const agent = await this.loadOwned(user, id);
    if (body.categoryId !== undefined) await this.assertCategoryExists(body.categoryId);
    if (
      body.slug !== undefined &&
      body.slug !== agent.slug &&
      (await this.agents.slugTaken(body.slug, agent.id))
    )
      throw slugTaken(body.slug);
    try {
      await this.agents.update(agent.id, {
        ...body,
        ...(body.tags ? { tags: normaliseTags(body.tags) } : {}),
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw slugTaken(body.slug ?? agent.slug);
      throw err;
    }
    return this.detail((await this.agents.findActiveById(agent.id))!);
  }

  /** Soft delete: chats and the audit trail keep pointing at the row; the slug becomes free. */
  async remove(user: AuthUser, id: string, meta: RequestMeta): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const agent = await this.loadOwnedForUpdate(user, id, manager);
      await this.agents.update(agent.id, { deletedAt: new Date() }, manager);
      await this.audit.record(
        {
          actorId: user.id,
          action: 'agent.deleted',
          targetType: 'agent',
          targetId: agent.id,
          metadata: { slug: agent.slug, name: agent.name },
          ip: meta.ip,
          requestId: meta.requestId,
        },
        manager,
      );
    });
  }

  async setArchived(user: AuthUser, id: string, archived: boolean, meta: RequestMeta): Promise<Agent> {
    return this.dataSource.transaction(async (manager) => {
      const agent = await this.loadOwnedForUpdate(user, id, manager);
      assertAgentTransition(agent.archivedAt !== null, archived ? 'archive' : 'unarchive');
      await this.agents.update(agent.id, { archivedAt: archived ? new Date() : null }, manager);
      await this.refreshStatus(agent.id, manager);
      await this.audit.record(
        {
          actorId: user.id,
          action: archived ? 'agent.archived' : 'agent.unarchived',
          targetType: 'agent',
          targetId: agent.id,
          metadata: { slug: agent.slug },
          ip: meta.ip,
          requestId: meta.requestId,
        },
        manager,
      );
      return toAgentDto((await this.agents.findActiveById(agent.id, manager))!);
    });
  }

  /**
   * The editable draft, created on first edit after a publish as a copy of the newest submitted
   * version (so a rejected version can be fixed and resubmitted). Call inside a transaction that
   * holds the agent row lock, so two edits never create two drafts.
   */
  async getOrCreateDraft(agent: AgentEntity, manager: EntityManager): Promise<AgentVersionEntity> {
    const existing = await this.versions.findDraft(agent.id, manager);
    if (existing) return existing;
    const [latest] = await this.versions.listSubmitted(agent.id, manager);
    const source = latest ?? null;
    return this.versions.createDraft(
      {
        agentId: agent.id,
        workflowDefinition:
          source?.workflowDefinition ?? (source ? null : (STARTER_DEFINITION as Record<string, unknown>)),
        workflowTemplateId: source?.workflowTemplateId ?? null,
        templateParameters: source?.templateParameters ?? null,
        templateVersion: source?.templateVersion ?? null,
        resolvedDefinition: source?.resolvedDefinition ?? (STARTER_DEFINITION as Record<string, unknown>),
        serviceDependencies: source?.serviceDependencies ?? {},
        modelParamsOverride: source?.modelParamsOverride ?? {},
        systemPrompt: source?.systemPrompt ?? null,
        toolDependencies: source?.toolDependencies ?? [],
        ragEnabled: source?.ragEnabled ?? false,
        stepLimit: source?.stepLimit ?? null,
      },
      manager,
    );
  }

  /** Recomputes the derived status after a version or the archive flag changed. */
  async refreshStatus(agentId: string, manager: EntityManager): Promise<void> {
    const agent = await this.agents.findActiveById(agentId, manager);
    if (!agent) return;
    const [latest] = await this.versions.listSubmitted(agentId, manager);
    const status = deriveAgentStatus({
      archived: agent.archivedAt !== null,
      hasPublishedVersion: agent.currentVersionId !== null,
      latestSubmittedStatus: latest?.reviewStatus ?? null,
    });
    if (status !== agent.status) await this.agents.update(agentId, { status }, manager);
  }

  private async assertCategoryExists(categoryId: string | null): Promise<void> {
    if (categoryId && !(await this.categories.findById(categoryId))) {
      throw DomainError.validation([
        { path: 'body.categoryId', code: 'not_found', message: 'No such category' },
      ]);
    }
  }

  /** `base`, or `base-2`, `base-3`… whichever is free. */
  async freeSlug(base: string): Promise<string> {
    for (let n = 1; n < 1000; n += 1) {
      const candidate = n === 1 ? base : `${base}-${n}`;
      if (!(await this.agents.slugTaken(candidate))) return candidate;
    }
    return `${base}-${Date.now().toString(36)}`;
  }
}

function slugTaken(slug: string): DomainError {
  return new DomainError(409, AgentErrorCodes.slugTaken, `The slug "${slug}" is already taken`, [
    { path: 'body.slug', code: AgentErrorCodes.slugTaken, message: 'Choose another slug' },
  ]);
}

function normaliseTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map((t) => t.trim().toLowerCase()).filter(Boolean))];
}
