import type {
  ExecutorKind,
  NodeType,
  NodeTypeDescriptor,
  WorkflowTemplate,
  WorkflowTemplateSummary,
} from '@agenthub/contracts';
import type { NodeTypeEntity } from './node-type.entity.js';
import type { WorkflowTemplateEntity } from './workflow-template.entity.js';

export function toNodeType(row: NodeTypeEntity): NodeType {
  return {
    typeName: row.typeName,
    kind: row.kind,
    displayName: row.displayName,
    description: row.description,
    category: row.category,
    tags: row.tags,
    icon: row.icon,
    inputSchema: row.inputSchema,
    outputSchema: row.outputSchema,
    requiredServices: row.requiredServices,
    defaultConfig: row.defaultConfig,
    builtin: row.builtin,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The shape the engine's validator and compiler take. */
export function toDescriptor(row: NodeTypeEntity): NodeTypeDescriptor {
  return {
    typeName: row.typeName,
    // Writes only accept kinds of the engine's executor registry.
    kind: row.kind as ExecutorKind,
    displayName: row.displayName,
    description: row.description,
    category: row.category,
    tags: row.tags,
    ...(row.icon ? { icon: row.icon } : {}),
    inputSchema: row.inputSchema,
    outputSchema: row.outputSchema,
    requiredServices: row.requiredServices,
    defaultConfig: row.defaultConfig,
  };
}

export function toTemplateSummary(row: WorkflowTemplateEntity, nodeTypes: string[]): WorkflowTemplateSummary {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    description: row.description,
    category: row.category,
    tags: row.tags,
    version: row.version,
    status: row.status,
    usageCount: row.usageCount,
    rating: row.rating,
    complexity: row.complexity,
    nodeCount: row.nodeCount,
    nodeTypes,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toTemplate(row: WorkflowTemplateEntity, nodeTypes: string[]): WorkflowTemplate {
  return {
    ...toTemplateSummary(row, nodeTypes),
    definition: row.definition,
    parameterSchema: row.parameterSchema,
  };
}
