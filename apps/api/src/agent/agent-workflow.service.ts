import { Injectable } from '@nestjs/common';
import {
  AgentErrorCodes,
  type AgentTestRequest,
  type DraftSettingsRequest,
  type FromTemplateRequest,
  type UpdateWorkflowRequest,
  WORKFLOW_LIMITS,
  type WorkflowSaveResult,
  type WorkflowValidationResult,
} from '@agenthub/contracts';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../common/auth.decorators.js';
import { DomainError } from '../common/domain-error.js';
import { toVersionDto } from './agent.mapper.js';
import { AgentRepository } from './agent.repository.js';
import { AgentService } from './agent.service.js';
import { AgentValidationService } from './agent-validation.service.js';
import type { AgentVersionEntity } from './agent-version.entity.js';
import { AgentVersionRepository } from './agent-version.repository.js';
import { assertVersionEditable } from './domain/agent-lifecycle.rules.js';
import { assertDraftFresh } from './domain/draft-revision.rules.js';
import { checkRunVariables, type VariableDeclarations } from './domain/run-variables.rules.js';
import { DraftRunner, type InstantiatedTemplate, TemplateSource } from './ports/agent.ports.js';

/** Size limits on a definition: bytes → 413, node count → 400, both with the field path. */
export function assertDefinitionSize(definition: unknown, path = 'body.definition'): void {
  const bytes = Buffer.byteLength(JSON.stringify(definition ?? null), 'utf8');
  if (bytes > WORKFLOW_LIMITS.maxDefinitionBytes) {
    throw new DomainError(
      413,
      AgentErrorCodes.definitionTooLarge,
      `The workflow definition is ${Math.ceil(bytes / 1024)} KB; the limit is ${WORKFLOW_LIMITS.maxDefinitionBytes / 1024} KB`,
      [{ path, code: AgentErrorCodes.definitionTooLarge, message: 'Definition too large' }],
    );
  }
  const nodes = (definition as { nodes?: unknown[] } | null)?.nodes;
  if (Array.isArray(nodes) && nodes.length > WORKFLOW_LIMITS.maxNodes) {
    throw new DomainError(
      400,
      AgentErrorCodes.definitionTooLarge,
      `The workflow has ${nodes.length} nodes; the limit is ${WORKFLOW_LIMITS.maxNodes}`,
      [
        {
          path: `${path}.nodes`,
          code: AgentErrorCodes.definitionTooLarge,
          message: `At most ${WORKFLOW_LIMITS.maxNodes} nodes`,
        },
      ],
    );
  }
}

/** Editing the draft's workflow, validating it and test-running it. */
@Injectable()
export class AgentWorkflowService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly agentsService: AgentService,
    private readonly agents: AgentRepository,
    private readonly versions: AgentVersionRepository,
    private readonly templates: TemplateSource,
    private readonly validation: AgentValidationService,
    private readonly runner: DraftRunner,
  ) {}

  /** `ifMatch`: the draft revision the client edited (`If-Match`); a stale one is refused with 412. */
  async save(
    user: AuthUser,
    agentId: string,
    body: UpdateWorkflowRequest,
    ifMatch?: string,
  ): Promise<WorkflowSaveResult> {
    await this.agentsService.loadOwned(user, agentId);
    if (body.definition) assertDefinitionSize(body.definition);
    const template = body.templateId
      ? await this.templates.instantiate(body.templateId, body.parameters ?? {}, {
          countUsage: false,
          viewer: user,
        })
      : null;
    if (template) assertDefinitionSize(template.definition, 'body.templateId');
    return this.writeDraft(
      user,
      agentId,
      (draft) => {
        if (template) applyTemplate(draft, template);
        else if (body.definition) applyInline(draft, body.definition as Record<string, unknown>);
        applySettings(draft, body);
      },
      template?.templateId,
      ifMatch,
    );
  }

  /**
   * The Overview tab's save: settings only, the workflow stays as it is. It is a save of the
   * draft like any other: it moves the revision, and a stale `ifMatch` is refused with 412.
   */
  async saveSettings(
    user: AuthUser,
    agentId: string,
    body: DraftSettingsRequest,
    ifMatch?: string,
  ): Promise<WorkflowSaveResult> {
    return this.writeDraft(user, agentId, (draft) => applySettings(draft, body), undefined, ifMatch);
  }

  async fromTemplate(
    user: AuthUser,
    agentId: string,
    body: FromTemplateRequest,
    ifMatch?: string,
  ): Promise<WorkflowSaveResult> {
    await this.agentsService.loadOwned(user, agentId);
    const template = await this.templates.instantiate(body.templateId, body.parameters, {
      countUsage: true,
      viewer: user,
    });
    assertDefinitionSize(template.definition, 'body.templateId');
    return this.writeDraft(
      user,
      agentId,
      (draft) => applyTemplate(draft, template),
      template.templateId,
      ifMatch,
    );
  }

  /** Validates the draft, or (right after a publish, before any edit) the newest version. */
  async validate(user: AuthUser, agentId: string): Promise<WorkflowValidationResult> {
    const agent = await this.agentsService.loadOwned(user, agentId);
    const version =
      (await this.versions.findDraft(agent.id)) ?? (await this.versions.listSubmitted(agent.id))[0];
    if (!version) throw DomainError.notFound('Draft');
    return this.validation.validate(version, agent.ownerId);
  }

  /** Streams a test run of the draft as SSE (section 6 events). */
  async test(
    user: AuthUser,
    agentId: string,
    body: AgentTestRequest,
    req: Request,
    res: Response,
  ): Promise<void> {
    const { agent, version } = await this.loadTested(user, agentId);
    const declared = (version.resolvedDefinition as { variables?: VariableDeclarations } | null)?.variables;
    const problems = checkRunVariables(declared, body.variables ?? {});
    if (problems.length > 0)
      throw new DomainError(400, AgentErrorCodes.invalidVariable, problems[0]!.message, problems);
    await this.runner.assertCanRun(user.id, version.id);
    const controller = new AbortController();
    const events = this.runner.runDraft({
      definition: version.resolvedDefinition,
      input: body.input,
      history: body.history,
      systemPrompt: version.systemPrompt,
      agentId: agent.id,
      versionId: version.id,
      userId: user.id,
      // Test runs use the bindings as published chats will: with the owner's configs.
      serviceOwnerId: agent.ownerId,
      serviceDependencies: version.serviceDependencies,
      modelParams: pickModelParams(version.modelParamsOverride),
      stepLimit: version.stepLimit,
      ...(body.variables ? { vars: body.variables } : {}),
      signal: controller.signal,
    });
    await this.runner.writeSse(req, res, events, controller);
  }

  /** The version test runs use: the draft, or (right after a publish, before any edit) the newest version. */
  async loadTested(user: AuthUser, agentId: string) {
    const agent = await this.agentsService.loadOwned(user, agentId);
    const version =
      (await this.versions.findDraft(agent.id)) ?? (await this.versions.listSubmitted(agent.id))[0];
    if (!version) throw DomainError.notFound('Draft');
    return { agent, version };
  }

  private async writeDraft(
    user: AuthUser,
    agentId: string,
    change: (draft: AgentVersionEntity) => void,
    templateId?: string,
    ifMatch?: string,
  ): Promise<WorkflowSaveResult> {
    const saved = await this.dataSource.transaction(async (manager) => {
      // The agent row lock serialises saves, so the revision compared here is the one replaced.
      const agent = await this.agentsService.loadOwnedForUpdate(user, agentId, manager);
      const draft = await this.agentsService.getOrCreateDraft(agent, manager);
      assertVersionEditable(draft.reviewStatus);
      assertDraftFresh(ifMatch, draft);
      change(draft);
      // The agent counts as built from the first template it used (template usage stats).
      if (templateId && !agent.templateId) await this.agents.update(agent.id, { templateId }, manager);
      return { version: await this.versions.save(draft, manager), ownerId: agent.ownerId };
    });
    const validation = await this.validation.validate(saved.version, saved.ownerId);
    return { draft: toVersionDto(saved.version), validation };
  }
}

function applySettings(draft: AgentVersionEntity, body: DraftSettingsRequest): void {
  if (body.systemPrompt !== undefined) draft.systemPrompt = body.systemPrompt;
  if (body.serviceDependencies !== undefined) draft.serviceDependencies = body.serviceDependencies;
  if (body.modelParamsOverride !== undefined) draft.modelParamsOverride = body.modelParamsOverride;
  if (body.toolDependencies !== undefined) draft.toolDependencies = [...new Set(body.toolDependencies)];
  if (body.ragEnabled !== undefined) draft.ragEnabled = body.ragEnabled;
  if (body.stepLimit !== undefined) draft.stepLimit = body.stepLimit;
}

function applyInline(draft: AgentVersionEntity, definition: Record<string, unknown>): void {
  draft.workflowDefinition = definition;
  draft.workflowTemplateId = null;
  draft.templateParameters = null;
  draft.templateVersion = null;
  draft.resolvedDefinition = definition;
}

function applyTemplate(draft: AgentVersionEntity, template: InstantiatedTemplate): void {
  draft.workflowDefinition = null;
  draft.workflowTemplateId = template.templateId;
  draft.templateParameters = template.parameters;
  draft.templateVersion = template.templateVersion;
  draft.resolvedDefinition = template.definition as Record<string, unknown>;
}

/** The overrides the runtime's model factory understands (the contract allows extra keys). */
function pickModelParams(overrides: Record<string, unknown>): {
  temperature?: number;
  maxTokens?: number;
  topP?: number;
} {
  const out: { temperature?: number; maxTokens?: number; topP?: number } = {};
  for (const key of ['temperature', 'maxTokens', 'topP'] as const) {
    const value = overrides[key];
    if (typeof value === 'number') out[key] = value;
  }
  return out;
}
