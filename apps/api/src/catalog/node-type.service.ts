import { Injectable } from '@nestjs/common';
import {
  CatalogErrorCodes as CC,
  type CreateNodeType,
  type ErrorDetail,
  type NodeConfigValidation,
  type NodeType,
  type NodeTypeDescriptor,
  type NodeTypeQuery,
  type NodeTypeUsage,
  type NodeTypeUsageItem,
  type Page,
  type UpdateNodeTypeRequest,
} from '@agenthub/contracts';
import { BUILTIN_EXECUTORS } from '@agenthub/engine';
import { DomainError } from '../common/domain-error.js';
import { AuditService } from '../identity/audit.service.js';
import { type Actor, recordCatalogChange } from './catalog-audit.util.js';
import { toDescriptor, toNodeType } from './catalog.mapper.js';
import { CatalogUsageRegistry } from './catalog-usage.registry.js';
import { schemaErrors } from './json-schema.util.js';
import type { NodeTypeEntity } from './node-type.entity.js';
import { isUniqueViolation, NodeTypeRepository } from './node-type.repository.js';
import { nodeTypeProblems, policyProblems, splitPolicies } from './node-type.rules.js';
import { WorkflowTemplateRepository } from './workflow-template.repository.js';

/**
 * Other API replicas invalidate only their own cache, so entries also expire: an admin's edit
 * reaches every replica within this time.
 */
const DESCRIPTOR_TTL_MS = 30_000;

export const EXECUTOR_KINDS = Object.keys(BUILTIN_EXECUTORS);

@Injectable()
export class NodeTypeService {
  private descriptors?: { loadedAt: number; value: Promise<NodeTypeDescriptor[]> };

  constructor(
    private readonly nodeTypes: NodeTypeRepository,
    private readonly templates: WorkflowTemplateRepository,
    private readonly usage: CatalogUsageRegistry,
    private readonly audit: AuditService,
  ) {}

  /** Every node type in the engine's shape; what workflows are validated and compiled against. */
  listDescriptors(): Promise<NodeTypeDescriptor[]> {
    const now = Date.now();
    if (!this.descriptors || now - this.descriptors.loadedAt > DESCRIPTOR_TTL_MS) {
      const value = this.nodeTypes.listAll().then((rows) => rows.map(toDescriptor));
      // A failed load must not be cached.
      value.catch(() => (this.descriptors = undefined));
      this.descriptors = { loadedAt: now, value };
    }
    return this.descriptors.value;
  }

  invalidate(): void {
    this.descriptors = undefined;
  }

  list(query: NodeTypeQuery): Promise<Page<NodeType>> {
    return this.nodeTypes.searchPage(query, toNodeType);
  }

  async get(typeName: string): Promise<NodeType> {
    return toNodeType(await this.find(typeName));
  }

  async create(body: CreateNodeType, actor?: Actor): Promise<NodeType> {
    this.assertValid(body);
    try {
      const row = await this.nodeTypes.insert({
        typeName: body.typeName,
        kind: body.kind,
        displayName: body.displayName,
        description: body.description,
        category: body.category,
        tags: body.tags,
        icon: body.icon ?? null,
        inputSchema: body.inputSchema,
        outputSchema: body.outputSchema,
        requiredServices: body.requiredServices,
        defaultConfig: body.defaultConfig,
        builtin: false,
      });
      await recordCatalogChange(this.audit, actor, 'node_type.created', 'node_type', row.typeName, {
        kind: row.kind,
      });
      return toNodeType(row);
    } catch (err) {
      if (isUniqueViolation(err))
        throw new DomainError(409, CC.nodeTypeExists, `Node type "${body.typeName}" already exists`, [
          { path: 'body.typeName', code: CC.nodeTypeExists, message: 'This type name is taken' },
        ]);
      throw err;
    } finally {
      this.invalidate();
    }
  }

  async update(typeName: string, body: UpdateNodeTypeRequest, actor?: Actor): Promise<NodeType> {
    const current = await this.find(typeName);
    if (current.builtin && body.kind !== undefined && body.kind !== current.kind)
      throw new DomainError(409, CC.nodeTypeBuiltin, 'A built-in node type keeps its executor kind', [
        {
          path: 'body.kind',
          code: CC.nodeTypeBuiltin,
          message: `Built-in "${typeName}" is kind "${current.kind}"`,
        },
      ]);
    const next = { ...current, ...dropUndefined(body) };
    this.assertValid(next);
    const { createdAt: _c, updatedAt: _u, ...fields } = next;
    try {
      const row = await this.nodeTypes.update(typeName, fields);
      await recordCatalogChange(this.audit, actor, 'node_type.updated', 'node_type', typeName, {
        fields: Object.keys(dropUndefined(body)),
      });
      return toNodeType(row);
    } finally {
      this.invalidate();
    }
  }

  /** 409 `node_type_in_use` listing every template and agent version that uses it. */
  async remove(typeName: string, actor?: Actor): Promise<void> {
    const current = await this.find(typeName);
    if (current.builtin)
      throw DomainError.conflict(
        CC.nodeTypeBuiltin,
        `"${typeName}" is a built-in node type; it can be edited but not deleted`,
      );
    const usages = await this.usagesOf(typeName);
    if (usages.length > 0) {
      const details: ErrorDetail[] = usages.map((u) => ({
        path: `${u.kind}.${u.id}`,
        code: CC.nodeTypeInUse,
        message: `Used by ${u.kind.replace(/_/g, ' ')} "${u.name}"`,
      }));
      throw new DomainError(
        409,
        CC.nodeTypeInUse,
        `Node type "${typeName}" is used by ${usages.length} item(s); change them first`,
        details,
      );
    }
    await this.nodeTypes.delete(typeName);
    this.invalidate();
    await recordCatalogChange(this.audit, actor, 'node_type.deleted', 'node_type', typeName);
  }

  /** Every template and agent version using the type (what the console lists and links). */
  async usageOf(typeName: string): Promise<NodeTypeUsage> {
    await this.find(typeName);
    const items = await this.usagesOf(typeName);
    return { typeName, total: items.length, items };
  }

  private async usagesOf(typeName: string): Promise<NodeTypeUsageItem[]> {
    const [templates, others] = await Promise.all([
      this.templates.usingNodeType(typeName),
      this.usage.nodeTypeUsages(typeName),
    ]);
    return [
      ...templates.map((t) => ({ kind: 'workflow_template' as const, ...t })),
      ...others.map((u) => ({ ...u, kind: u.kind as NodeTypeUsageItem['kind'] })),
    ];
  }

  /** The config merged over the defaults, checked like the engine checks a node. */
  async validateConfig(typeName: string, config: Record<string, unknown>): Promise<NodeConfigValidation> {
    const nodeType = await this.find(typeName);
    const effective = { ...nodeType.defaultConfig, ...config };
    const { policies, rest } = splitPolicies(effective);
    const errors = [
      ...schemaErrors(nodeType.inputSchema, rest, 'config', CC.configInvalid),
      ...policyProblems(policies, 'config'),
    ];
    const known = nodeType.inputSchema.properties;
    const warnings: ErrorDetail[] =
      known && typeof known === 'object' && nodeType.inputSchema.additionalProperties !== false
        ? Object.keys(rest)
            .filter((k) => !(k in known))
            .map((k) => ({
              path: `config.${k}`,
              code: 'unknown_config_key',
              message: `"${k}" is not a setting of ${typeName}; the executor ignores it`,
            }))
        : [];
    return { valid: errors.length === 0, config: effective, errors, warnings };
  }

  private async find(typeName: string): Promise<NodeTypeEntity> {
    const row = await this.nodeTypes.findByName(typeName);
    if (!row) throw DomainError.notFound('Node type');
    return row;
  }

  private assertValid(draft: Parameters<typeof nodeTypeProblems>[0]): void {
    const problems = nodeTypeProblems(draft, EXECUTOR_KINDS);
    if (problems.length) throw DomainError.validation(problems, 'The node type is invalid');
  }
}

function dropUndefined<T extends object>(obj: T): Partial<T> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as Partial<T>;
}
