import type { Agent, AgentVersion, Category, CategoryTreeNode } from '@agenthub/contracts';
import type { AgentCategoryEntity } from './agent-category.entity.js';
import type { AgentEntity } from './agent.entity.js';
import type { AgentVersionEntity } from './agent-version.entity.js';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function toAgentDto(a: AgentEntity): Agent {
  return {
    id: a.id,
    ownerId: a.ownerId,
    slug: a.slug,
    name: a.name,
    nameZh: a.nameZh,
    description: a.description,
    descriptionZh: a.descriptionZh,
    icon: a.icon,
    categoryId: a.categoryId,
    tags: a.tags,
    status: a.status,
    installCount: a.installCount,
    ratingAvg: Number(a.ratingAvg),
    ratingCount: a.ratingCount,
    latestVersion: a.latestVersion,
    currentVersionId: a.currentVersionId,
    templateId: a.templateId,
    publishedAt: iso(a.publishedAt),
    archivedAt: iso(a.archivedAt),
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}

export function toVersionDto(v: AgentVersionEntity): AgentVersion {
  return {
    id: v.id,
    agentId: v.agentId,
    version: v.version,
    source: v.workflowTemplateId ? 'template' : 'inline',
    workflowDefinition: v.workflowDefinition,
    workflowTemplateId: v.workflowTemplateId,
    templateParameters: v.templateParameters,
    templateVersion: v.templateVersion,
    resolvedDefinition: v.resolvedDefinition,
    serviceDependencies: v.serviceDependencies,
    modelParamsOverride: v.modelParamsOverride,
    systemPrompt: v.systemPrompt,
    toolDependencies: v.toolDependencies,
    ragEnabled: v.ragEnabled,
    stepLimit: v.stepLimit,
    changelog: v.changelog,
    reviewStatus: v.reviewStatus,
    reviewNotes: v.reviewNotes,
    reviewReasons: v.reviewReasons,
    submittedAt: iso(v.submittedAt),
    reviewedBy: v.reviewedBy,
    reviewedAt: iso(v.reviewedAt),
    createdAt: v.createdAt.toISOString(),
    updatedAt: v.updatedAt.toISOString(),
  };
}

export function toCategoryDto(c: AgentCategoryEntity): Category {
  return { id: c.id, parentId: c.parentId, slug: c.slug, name: c.name, nameZh: c.nameZh, sort: c.sort };
}

/** Rows come sorted (sort, name); children keep that order under their parent. */
export function buildCategoryTree(rows: readonly AgentCategoryEntity[]): CategoryTreeNode[] {
  const nodes = new Map<string, CategoryTreeNode>(
    rows.map((r) => [r.id, { ...toCategoryDto(r), children: [] }]),
  );
  const roots: CategoryTreeNode[] = [];
  for (const r of rows) {
    const node = nodes.get(r.id)!;
    const parent = r.parentId ? nodes.get(r.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}
