import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  CatalogErrorCodes as CC,
  type CreateWorkflowTemplate,
  type DeleteWorkflowTemplateResult,
  type ErrorDetail,
  type Page,
  type TemplateInstance,
  type TemplateStatus,
  type TemplateUsageStats,
  type TemplateRevisionList,
  type TemplateValidation,
  TEMPLATE_STATUSES,
  type UpdateWorkflowTemplateRequest,
  type WorkflowIssue,
  type WorkflowTemplate,
  type WorkflowTemplateQuery,
  type WorkflowTemplateSummary,
  WorkflowIssueCodes,
} from '@agenthub/contracts';
import { instantiateTemplate } from '@agenthub/engine';
import type { EntityManager } from 'typeorm';
import { DomainError } from '../common/domain-error.js';
import { AuditService } from '../identity/audit.service.js';
import { type Actor, recordCatalogChange } from './catalog-audit.util.js';
import type { Principal } from '../common/ownership.util.js';
import { toTemplate, toTemplateSummary } from './catalog.mapper.js';
import { CatalogUsageRegistry } from './catalog-usage.registry.js';
import { jsonSchemaProblems, parameterErrors } from './json-schema.util.js';
import { isForeignKeyViolation, isUniqueViolation } from './node-type.repository.js';
import { NodeTypeService } from './node-type.service.js';
import { deriveComplexity, extractTemplateGraph, sampleParameters } from './template-graph.rules.js';
import type { WorkflowTemplateEntity } from './workflow-template.entity.js';
import { type TemplateFields, WorkflowTemplateRepository } from './workflow-template.repository.js';

export interface InstantiateTemplateOptions {
  /** Count this as a use of the template (creating an agent from it); previews do not. */
  countUsage: boolean;
  /** Instantiate this earlier version (an agent built from it) instead of the current one. */
  version?: number;
  /**
   * Who is asking: non-admins may only use `active` templates. Leave it out for internal use,
   * e.g. re-instantiating the version an existing agent was built from after deprecation.
   */
  viewer?: Principal;
  /** Prefix of parameter error paths; `body` for HTTP (`body.parameters.tone`). */
  errorPathPrefix?: string;
}

const isAdmin = (p?: Principal) => !!p?.roles.includes('admin');

@Injectable()
export class WorkflowTemplateService {
  constructor(
    private readonly templates: WorkflowTemplateRepository,
    private readonly nodeTypes: NodeTypeService,
    private readonly usage: CatalogUsageRegistry,
    private readonly audit: AuditService,
  ) {}

  async search(query: WorkflowTemplateQuery, viewer: Principal): Promise<Page<WorkflowTemplateSummary>> {
    // Only admins see drafts and deprecated templates; for everyone else the filter is fixed.
    const statuses: readonly TemplateStatus[] = isAdmin(viewer)
      ? query.status
        ? [query.status]
        : TEMPLATE_STATUSES
      : ['active'];
    const page = await this.templates.search({ ...query, statuses }, (row) => row);
    const types = await this.templates.nodeTypesOf(page.items.map((t) => t.id));
    return { ...page, items: page.items.map((row) => toTemplateSummary(row, types.get(row.id) ?? [])) };
  }

  async get(id: string, viewer: Principal): Promise<WorkflowTemplate> {
    const row = await this.findVisible(id, viewer);
    return this.toDto(row);
  }

  async create(body: CreateWorkflowTemplate, actor?: Actor): Promise<WorkflowTemplate> {
    const fields = await this.prepare({
      key: body.key ?? '',
      name: body.name,
      description: body.description,
      category: body.category,
      tags: body.tags,
      definition: body.definition,
      parameterSchema: body.parameterSchema,
      status: body.status,
      rating: body.rating ?? null,
    });
    try {
      const row = await this.templates.transaction(async (manager) => {
        fields.key = body.key ?? (await this.freeKey(body.name, manager));
        return this.templates.insert(fields, extractTemplateGraph(fields.definition), manager);
      });
      await recordCatalogChange(this.audit, actor, 'workflow_template.created', 'workflow_template', row.id, {
        key: row.key,
        status: row.status,
      });
      return this.toDto(row);
    } catch (err) {
      if (isUniqueViolation(err))
        throw new DomainError(409, CC.templateKeyTaken, `Template key "${fields.key}" is taken`, [
          { path: 'body.key', code: CC.templateKeyTaken, message: 'Choose another key' },
        ]);
      throw err;
    }
  }

  /** Every update is a new version; agents built from older ones keep theirs (revisions). */
  async update(id: string, body: UpdateWorkflowTemplateRequest, actor?: Actor): Promise<WorkflowTemplate> {
    const row = await this.templates.transaction(async (manager) => {
      const current = await this.templates.findByIdForUpdate(id, manager);
      if (!current) throw DomainError.notFound('Workflow template');
      const fields = await this.prepare({
        key: current.key,
        name: body.name ?? current.name,
        description: body.description ?? current.description,
        category: body.category ?? current.category,
        tags: body.tags ?? current.tags,
        definition: body.definition ?? current.definition,
        parameterSchema: body.parameterSchema ?? current.parameterSchema,
        status: body.status ?? current.status,
        rating: body.rating === undefined ? current.rating : body.rating,
      });
      return this.templates.updateWithNewVersion(
        current,
        fields,
        extractTemplateGraph(fields.definition),
        manager,
      );
    });
    await recordCatalogChange(this.audit, actor, 'workflow_template.updated', 'workflow_template', id, {
      version: row.version,
      status: row.status,
    });
    return this.toDto(row);
  }

  /**
   * Like Dify's app templates, a template is a starting point: agents copied it. A template that
   * agents were built from is deprecated rather than deleted (hidden from developers, revisions
   * kept so those agents can still re-instantiate their version); an unused one is removed.
   */
  async remove(id: string, actor?: Actor): Promise<DeleteWorkflowTemplateResult> {
    const row = await this.templates.findById(id);
    if (!row) throw DomainError.notFound('Workflow template');
    const { agents } = await this.usage.templateUsage(id);
    let outcome: DeleteWorkflowTemplateResult['outcome'] = 'deprecated';
    if (agents > 0) {
      await this.templates.setStatus(id, 'deprecated');
    } else {
      try {
        await this.templates.delete(id);
        outcome = 'deleted';
      } catch (err) {
        // Another module references it without having registered a usage lookup.
        if (!isForeignKeyViolation(err)) throw err;
        await this.templates.setStatus(id, 'deprecated');
      }
    }
    await recordCatalogChange(this.audit, actor, `workflow_template.${outcome}`, 'workflow_template', id, {
      key: row.key,
      agents,
    });
    return { id, outcome, agents };
  }

  /** The definition instantiated with default (or example) parameters, checked against the current node types. */
  async validate(id: string, viewer: Principal): Promise<TemplateValidation> {
    const row = await this.findVisible(id, viewer);
    return this.validateDraft(row);
  }

  /**
   * The same check for a definition not stored yet (the admin editor, as it is edited): 400 when
   * the parameter schema is not a JSON Schema of an object.
   */
  async validateDraft(
    draft: Pick<TemplateFields, 'definition' | 'parameterSchema'>,
  ): Promise<TemplateValidation> {
    this.assertParameterSchema(draft.parameterSchema);
    const result = instantiateTemplate(draft, sampleParameters(draft.parameterSchema), {
      nodeTypes: await this.nodeTypes.listDescriptors(),
    });
    return { ...result.validation, parameters: result.parameters };
  }

  /** Every stored version, newest first (admins). */
  async revisions(id: string): Promise<TemplateRevisionList> {
    if (!(await this.templates.findById(id))) throw DomainError.notFound('Workflow template');
    const rows = await this.templates.listRevisions(id);
    return {
      items: rows.map((r) => ({
        version: r.version,
        nodeCount: extractTemplateGraph(r.definition).nodes.length,
        createdAt: r.createdAt.toISOString(),
      })),
    };
  }

  /**
   * Substitutes `parameters` into the template: 400 with `parameters.*` paths when they do not
   * match the parameter schema. Returns the concrete definition and its validation.
   */
  async instantiate(
    id: string,
    parameters: Record<string, unknown>,
    options: InstantiateTemplateOptions,
  ): Promise<TemplateInstance> {
    const row = options.viewer
      ? await this.findVisible(id, options.viewer)
      : await this.templates.findById(id);
    if (!row) throw DomainError.notFound('Workflow template');
    let source = { definition: row.definition, parameterSchema: row.parameterSchema, version: row.version };
    if (options.version !== undefined && options.version !== row.version) {
      const revision = await this.templates.findRevision(id, options.version);
      if (!revision)
        throw new DomainError(
          404,
          CC.templateVersionNotFound,
          `Template version ${options.version} not found`,
        );
      source = { ...revision, version: revision.version };
    }
    const prefix = [options.errorPathPrefix ?? 'body', 'parameters'].filter(Boolean).join('.');
    const invalid = parameterErrors(source.parameterSchema, parameters, prefix, CC.parameterInvalid);
    if (invalid.length) throw DomainError.validation(invalid, 'The template parameters are invalid');
    const result = instantiateTemplate(
      { definition: source.definition, parameterSchema: source.parameterSchema },
      parameters,
      { nodeTypes: await this.nodeTypes.listDescriptors() },
    );
    // Left: `{{params.x}}` used by the template but neither given nor defaulted.
    const paramIssues = result.validation.issues.filter(
      (i) => i.code === WorkflowIssueCodes.parameterInvalid,
    );
    if (result.definition === undefined || paramIssues.length > 0)
      throw DomainError.validation(
        paramIssues.map((i) => ({ path: prefix, code: CC.parameterInvalid, message: i.message })),
        'The template parameters are invalid',
      );
    if (options.countUsage) await this.templates.incrementUsage(id);
    return {
      templateId: row.id,
      templateVersion: source.version,
      parameters: result.parameters,
      definition: result.definition as Record<string, unknown>,
      validation: result.validation,
    };
  }

  async usageStats(id: string, viewer: Principal): Promise<TemplateUsageStats> {
    const row = await this.findVisible(id, viewer);
    const { agents, chats } = await this.usage.templateUsage(id);
    return { instantiations: row.usageCount, agents, chats };
  }

  /** Seeding: inserts the template unless its key exists. */
  async seed(
    fields: Omit<TemplateFields, 'complexity' | 'nodeCount'>,
    manager: EntityManager,
  ): Promise<boolean> {
    if (await this.templates.keyExists(fields.key, manager)) return false;
    const graph = extractTemplateGraph(fields.definition);
    await this.templates.insert(
      { ...fields, complexity: deriveComplexity(graph), nodeCount: graph.nodes.length },
      graph,
      manager,
    );
    return true;
  }

  private async findVisible(id: string, viewer: Principal): Promise<WorkflowTemplateEntity> {
    const row = await this.templates.findById(id);
    // Drafts and deprecated templates do not exist for non-admins.
    if (!row || (row.status !== 'active' && !isAdmin(viewer)))
      throw DomainError.notFound('Workflow template');
    return row;
  }

  private async toDto(row: WorkflowTemplateEntity): Promise<WorkflowTemplate> {
    const types = await this.templates.nodeTypesOf([row.id]);
    return toTemplate(row, types.get(row.id) ?? []);
  }

  /**
   * Checks a template about to be stored. The parameter schema must be a JSON Schema of an
   * object; an `active` template must also instantiate with its default parameters into a
   * workflow without errors (drafts may be work in progress).
   */
  private assertParameterSchema(schema: Record<string, unknown>): void {
    const problems: ErrorDetail[] = jsonSchemaProblems(schema, 'body.parameterSchema', CC.invalidJsonSchema);
    if (problems.length === 0 && schema.type !== 'object')
      problems.push({
        path: 'body.parameterSchema.type',
        code: CC.invalidJsonSchema,
        message: 'The parameter schema must describe an object (type: "object")',
      });
    if (problems.length) throw DomainError.validation(problems, 'The parameter schema is invalid');
  }

  private async prepare(input: Omit<TemplateFields, 'complexity' | 'nodeCount'>): Promise<TemplateFields> {
    this.assertParameterSchema(input.parameterSchema);
    if (input.status === 'active') {
      const result = instantiateTemplate(
        { definition: input.definition, parameterSchema: input.parameterSchema },
        sampleParameters(input.parameterSchema),
        { nodeTypes: await this.nodeTypes.listDescriptors() },
      );
      const errors = result.validation.issues.filter((i) => i.severity === 'error');
      if (errors.length)
        throw DomainError.unprocessable(
          CC.templateInvalid,
          'An active template must produce a valid workflow with its default parameters; save it as a draft to keep working on it',
          errors.map((i) => issueToDetail(i)),
        );
    }
    const graph = extractTemplateGraph(input.definition);
    return { ...input, complexity: deriveComplexity(graph), nodeCount: graph.nodes.length };
  }

  private async freeKey(name: string, manager: EntityManager): Promise<string> {
    const base =
      name
        .toLowerCase()
        .normalize('NFKD')
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 80) || 'template';
    const key = base.length >= 2 ? base : `template-${base}`;
    if (!(await this.templates.keyExists(key, manager))) return key;
    return `${key}-${randomBytes(3).toString('hex')}`;
  }
}

function issueToDetail(issue: WorkflowIssue): ErrorDetail {
  const path =
    issue.code === WorkflowIssueCodes.parameterInvalid
      ? `body.parameterSchema`
      : ['body.definition', issue.path].filter(Boolean).join('.');
  return { path, code: issue.code, message: issue.message };
}
