import type {
  Agent,
  AgentDetail,
  AgentListItem,
  AgentStatus,
  CategoryTree,
  CreateAgentRequest,
  DraftSettingsRequest,
  FromTemplateRequest,
  Page,
  SlugAvailability,
  UpdateAgentRequest,
  WorkflowDefinition,
  WorkflowSaveResult,
  WorkflowValidationResult,
} from '@agenthub/contracts';
import { http } from './http-client';

export interface AgentListParams {
  q?: string;
  status?: AgentStatus;
  /** Admins: one owner's agents (developers always get their own). */
  ownerId?: string;
  page?: number;
  pageSize?: number;
}

const agentPath = (id: string) => `/agents/${encodeURIComponent(id)}`;

/** The developer's side of agents (`/api/agents`): the Studio's list, create, metadata and draft settings. */
export const agentsApi = {
  list: (params: AgentListParams, signal?: AbortSignal) =>
    http.get<Page<AgentListItem>>('/agents', { ...params }, { signal }),
  get: (id: string) => http.get<AgentDetail>(agentPath(id)),
  create: (body: CreateAgentRequest) => http.post<AgentDetail>('/agents', body),
  update: (id: string, body: UpdateAgentRequest) => http.patch<AgentDetail>(agentPath(id), body),
  archive: (id: string) => http.post<Agent>(`${agentPath(id)}/archive`),
  unarchive: (id: string) => http.post<Agent>(`${agentPath(id)}/unarchive`),
  slugAvailability: (slug: string, exceptId?: string, signal?: AbortSignal) =>
    http.get<SlugAvailability>('/agents/slug-availability', { slug, exceptId }, { signal }),
  /** `revision`: the draft revision the form was loaded from (`If-Match`; stale → 412). */
  saveSettings: (id: string, body: DraftSettingsRequest, revision?: string) =>
    http.patch<WorkflowSaveResult>(`${agentPath(id)}/draft/settings`, body, {
      headers: revision ? { 'If-Match': `"${revision}"` } : undefined,
    }),
  /** Saves the draft workflow; `revision` as for `saveSettings` (stale → 412 `draft_revision_stale`). */
  saveWorkflow: (id: string, definition: WorkflowDefinition, revision?: string) =>
    http.put<WorkflowSaveResult>(
      `${agentPath(id)}/workflow`,
      { definition },
      {
        headers: revision ? { 'If-Match': `"${revision}"` } : undefined,
      },
    ),
  /** Validates the stored draft (engine checks plus this platform's services and tools). */
  validateWorkflow: (id: string) => http.get<WorkflowValidationResult>(`${agentPath(id)}/workflow/validate`),
  fromTemplate: (id: string, body: FromTemplateRequest) =>
    http.post<WorkflowSaveResult>(`${agentPath(id)}/workflow/from-template`, body),
  /** The admin-curated category tree (agent module). */
  categories: () => http.get<CategoryTree>('/categories'),
};
