import type { Agent, AgentVersion, Category, CategoryTreeNode } from '@agenthub/contracts';
import type { AgentCategoryEntity } from './agent-category.entity.js';
import type { AgentEntity } from './agent.entity.js';
import type { AgentVersionEntity } from './agent-version.entity.js';
import { draftRevision } from './domain/draft-revision.rules.js';

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
    revision: draftRevision(v),
  };
}

export function toCategoryDto(c: AgentCategoryEntity): Category {
  return { id: c.id, parentId: c.parentId, slug: c.slug, name: c.name, nameZh: c.nameZh, sort: c.sort };
}

/**
 * The category tree where each node counts the store-visible agents in it and in all its
 * sub-categories (`directCounts`: agents per category, without descendants). Children are ordered
 * by `sort`, then name. A row whose parent is missing is shown as a root rather than dropped, so
 * its agents stay reachable; a loop in corrupted data is cut rather than followed.
 */
export function buildCategoryTree(
  rows: readonly AgentCategoryEntity[],
  directCounts: ReadonlyMap<string, number> = new Map(),
): CategoryTreeNode[] {
  const nodes = new Map<string, CategoryTreeNode>();
  for (const r of rows)
    nodes.set(r.id, { ...toCategoryDto(r), agentCount: directCounts.get(r.id) ?? 0, children: [] });
  const roots: CategoryTreeNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const order = (a: CategoryTreeNode, b: CategoryTreeNode) => a.sort - b.sort || a.name.localeCompare(b.name);
  // Post-order sum; the `seen` set guards against a corrupted tree with a loop.
  const seen = new Set<string>();
  const total = (node: CategoryTreeNode): number => {
    if (seen.has(node.id)) return 0;
    seen.add(node.id);
    node.children.sort(order);
    node.agentCount += node.children.reduce((sum, child) => sum + total(child), 0);
    return node.agentCount;
  };
  roots.sort(order);
  for (const root of roots) total(root);
  return roots;
}
