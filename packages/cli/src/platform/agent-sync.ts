import type {
  AgentDetail,
  AgentManifestInput,
  AgentVersion,
  AgentVersionList,
  CategoryTree,
  CategoryTreeNode,
  Page,
  Agent,
  WorkflowDefinition,
  WorkflowDiff,
  WorkflowSaveResult,
} from '@agenthub/contracts';
import { diffWorkflows, findSecrets } from '@agenthub/engine';
import { CliError, ExitCode } from '../cli/exit-codes.js';
import type { LoadedManifest } from '../manifest/load-manifest.js';
import type { PlatformClient } from './platform-client.js';

/**
 * The mapping between a manifest and a server agent: metadata ↔ `/api/agents/:id`, the workflow
 * and system prompt ↔ its draft (`PUT /api/agents/:id/workflow`). Model and MCP settings stay
 * local: the server runs agents on its own service configs and MCP servers, so model keys and
 * MCP headers never leave the machine.
 */

export async function findAgentBySlug(client: PlatformClient, slug: string): Promise<AgentDetail | null> {
  const page = await client.get<Page<Agent>>(`/api/agents?q=${encodeURIComponent(slug)}&pageSize=100`);
  const hit = page.items.find((a) => a.slug === slug);
  return hit ? client.get<AgentDetail>(`/api/agents/${hit.id}`) : null;
}

function flattenCategories(nodes: CategoryTreeNode[]): CategoryTreeNode[] {
  return nodes.flatMap((n) => [n, ...flattenCategories(n.children)]);
}

async function categories(client: PlatformClient): Promise<CategoryTreeNode[]> {
  return flattenCategories((await client.get<CategoryTree>('/api/categories')).items);
}

/**
 * The definition as the server stores it: a node's `services.llm` naming a manifest model means
 * "the platform default" there (service config ids, which are UUIDs, are kept).
 */
export function toServerDefinition(loaded: LoadedManifest): WorkflowDefinition {
  const modelNames = new Set(Object.keys(loaded.manifest.models));
  return {
    ...loaded.definition,
    nodes: loaded.definition.nodes.map((node) => {
      if (!node.services) return node;
      const services = Object.fromEntries(
        Object.entries(node.services).filter(([, v]) => !modelNames.has(v)),
      );
      const { services: _dropped, ...rest } = node;
      return Object.keys(services).length ? { ...rest, services } : rest;
    }),
  };
}

export interface PushResult {
  agentId: string;
  slug: string;
  created: boolean;
  validation: WorkflowSaveResult['validation'];
  published: AgentVersion | null;
}

export async function pushAgent(
  client: PlatformClient,
  loaded: LoadedManifest,
  options: { publish?: boolean },
): Promise<PushResult> {
  const m = loaded.manifest;
  if (options.publish && !m.version)
    throw new CliError(
      ExitCode.invalid,
      'push --publish needs `version` in the manifest (e.g. 1.0.0)',
      'version_required',
    );
  let categoryId: string | null | undefined;
  if (m.category) {
    const found = (await categories(client)).find((c) => c.slug === m.category);
    if (!found)
      throw new CliError(
        ExitCode.invalid,
        `Category "${m.category}" does not exist on ${client.server}`,
        'category_not_found',
      );
    categoryId = found.id;
  }
  const metadata = {
    name: m.name,
    description: m.description,
    icon: m.icon ?? null,
    tags: m.tags,
    ...(categoryId !== undefined ? { categoryId } : {}),
  };
  const existing = await findAgentBySlug(client, m.slug);
  const agent = existing
    ? await client.patch<AgentDetail>(`/api/agents/${existing.id}`, metadata)
    : await client.post<AgentDetail>('/api/agents', { ...metadata, slug: m.slug });
  const saved = await client.put<WorkflowSaveResult>(`/api/agents/${agent.id}/workflow`, {
    definition: toServerDefinition(loaded),
    systemPrompt: m.systemPrompt ?? null,
  });
  const published = options.publish
    ? await client.post<AgentVersion>(`/api/agents/${agent.id}/publish`, {
        version: m.version,
        changelog: m.changelog ?? '',
      })
    : null;
  return { agentId: agent.id, slug: agent.slug, created: !existing, validation: saved.validation, published };
}

/** The workflow a server agent runs next: its draft, else its newest submitted version. */
async function serverWorkflow(
  client: PlatformClient,
  agent: AgentDetail,
): Promise<{ definition: Record<string, unknown>; systemPrompt: string | null; source: string }> {
  const draft = agent.draft;
  const pick = (v: AgentVersion) => v.workflowDefinition ?? v.resolvedDefinition;
  if (draft && pick(draft))
    return { definition: pick(draft)!, systemPrompt: draft.systemPrompt, source: 'draft' };
  const versions = await client.get<AgentVersionList>(`/api/agents/${agent.id}/versions`);
  const latest = versions.items.find((v) => pick(v));
  if (!latest)
    throw new CliError(ExitCode.notFound, `Agent "${agent.slug}" has no workflow yet`, 'workflow_not_found');
  return {
    definition: pick(latest)!,
    systemPrompt: latest.systemPrompt,
    source: `version ${latest.version}`,
  };
}

const SECRET_KEY = /^(apiKey|api_key|token|secret|password|authorization|x-api-key|cookie)$/i;
const envName = (parts: string[]) =>
  parts
    .join('_')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();

/**
 * Replaces every value that is or looks like a secret (a key named like one, or a string the
 * secret scanner flags) with a `${ENV}` placeholder, and returns the names to set.
 */
export function redactSecrets(definition: Record<string, unknown>): {
  definition: Record<string, unknown>;
  placeholders: Array<{ name: string; path: string }>;
} {
  const copy = JSON.parse(JSON.stringify(definition)) as Record<string, unknown>;
  const flagged = new Set(findSecrets(copy, '').map((f) => f.path.replace(/^\./, '')));
  const placeholders: Array<{ name: string; path: string }> = [];
  const nodes = (copy.nodes as Array<{ id: string }> | undefined) ?? [];
  const visit = (value: unknown, path: string[]): unknown => {
    if (typeof value === 'string') {
      const key = path[path.length - 1] ?? '';
      const already = /^\$\{[A-Za-z_][A-Za-z0-9_]*(?::-[^}]*)?\}$/.test(value);
      if (!already && value && (flagged.has(path.join('.')) || SECRET_KEY.test(key))) {
        const nodeId = path[0] === 'nodes' ? (nodes[Number(path[1])]?.id ?? path[1]) : '';
        const name = envName([nodeId, key].filter(Boolean));
        placeholders.push({ name, path: path.join('.') });
        return `\${${name}}`;
      }
      return value;
    }
    if (Array.isArray(value)) return value.map((v, i) => visit(v, [...path, String(i)]));
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, visit(v, [...path, k])]));
    return value;
  };
  return { definition: visit(copy, []) as Record<string, unknown>, placeholders };
}

export interface PulledAgent {
  manifest: AgentManifestInput & { workflow: string };
  definition: Record<string, unknown>;
  placeholders: Array<{ name: string; path: string }>;
  source: string;
}

/** A manifest and workflow for a server agent, with no secret in them. */
export async function pullAgent(client: PlatformClient, slug: string): Promise<PulledAgent> {
  const agent = await findAgentBySlug(client, slug);
  if (!agent)
    throw new CliError(
      ExitCode.notFound,
      `No agent "${slug}" of yours on ${client.server}`,
      'agent_not_found',
    );
  const workflow = await serverWorkflow(client, agent);
  const category = agent.categoryId
    ? (await categories(client)).find((c) => c.id === agent.categoryId)
    : undefined;
  const { definition, placeholders } = redactSecrets(workflow.definition);
  const manifest: PulledAgent['manifest'] = {
    name: agent.name,
    slug: agent.slug,
    description: agent.description,
    ...(category ? { category: category.slug } : {}),
    tags: agent.tags,
    ...(agent.icon ? { icon: agent.icon } : {}),
    ...(agent.latestVersion ? { version: agent.latestVersion } : {}),
    ...(workflow.systemPrompt ? { systemPrompt: workflow.systemPrompt } : {}),
    models: {
      default: {
        provider: 'openai_compatible',
        baseURL: '${OPENAI_BASE_URL:-https://api.openai.com/v1}',
        model: '${OPENAI_MODEL:-gpt-4o-mini}',
        apiKey: '${OPENAI_API_KEY}',
      },
    },
    workflow: './workflow.yaml',
  };
  return { manifest, definition, placeholders, source: workflow.source };
}

export interface AgentDiff {
  exists: boolean;
  metadata: Array<{ field: string; local: unknown; server: unknown }>;
  workflow: WorkflowDiff | null;
  source: string | null;
}

export const diffIsEmpty = (d: AgentDiff) =>
  d.exists &&
  d.metadata.length === 0 &&
  !!d.workflow &&
  !d.workflow.entryChanged &&
  Object.entries(d.workflow).every(([k, v]) => k === 'entryChanged' || (Array.isArray(v) && v.length === 0));

/** Local manifest vs the server draft: metadata fields and a structural workflow diff (server → local). */
export async function diffAgent(client: PlatformClient, loaded: LoadedManifest): Promise<AgentDiff> {
  const agent = await findAgentBySlug(client, loaded.manifest.slug);
  if (!agent) return { exists: false, metadata: [], workflow: null, source: null };
  const workflow = await serverWorkflow(client, agent);
  const m = loaded.manifest;
  const fields: Array<[string, unknown, unknown]> = [
    ['name', m.name, agent.name],
    ['description', m.description, agent.description],
    ['icon', m.icon ?? null, agent.icon],
    ['tags', m.tags, agent.tags],
    ['systemPrompt', m.systemPrompt ?? null, workflow.systemPrompt],
  ];
  const metadata = fields
    .filter(([, a, b]) => JSON.stringify(a) !== JSON.stringify(b))
    .map(([field, local, server]) => ({ field, local, server }));
  return {
    exists: true,
    metadata,
    workflow: diffWorkflows(workflow.definition, toServerDefinition(loaded)),
    source: workflow.source,
  };
}
