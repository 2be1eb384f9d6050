import type {
  CreateWorkflowTemplateRequest,
  Page,
  TemplateRevisionList,
  TemplateValidation,
  ValidateTemplateDraftRequest,
  TemplateInstance,
  TemplateStatus,
  TemplateUsageStats,
  UpdateWorkflowTemplateRequest,
  WorkflowTemplate,
  WorkflowTemplateSummary,
} from '@agenthub/contracts';
import { http } from './http-client';

export interface TemplateSearchParams {
  q?: string;
  category?: string;
  page?: number;
  pageSize?: number;
  /** Admins only: the API shows everyone else `active` templates whatever this says. */
  status?: TemplateStatus;
}

const templatePath = (id: string) => `/workflow-templates/${encodeURIComponent(id)}`;

/** Workflow templates: developers see the `active` ones; admins every status and the writes. */
export const workflowTemplatesApi = {
  search: (params: TemplateSearchParams, signal?: AbortSignal) =>
    http.get<Page<WorkflowTemplateSummary>>('/workflow-templates', { ...params }, { signal }),
  get: (id: string) => http.get<WorkflowTemplate>(templatePath(id)),
  /** The template instantiated with `parameters`, without counting a usage. */
  preview: (id: string, parameters: Record<string, unknown>, signal?: AbortSignal) =>
    http.post<TemplateInstance>(`${templatePath(id)}/preview`, { parameters }, { signal }),
  /** Admin: a new template (drafts may be incomplete). */
  create: (body: CreateWorkflowTemplateRequest) => http.post<WorkflowTemplate>('/workflow-templates', body),
  /** Admin: validate an unsaved definition and parameter schema with sample parameters. */
  validateDraft: (body: ValidateTemplateDraftRequest, signal?: AbortSignal) =>
    http.post<TemplateValidation>('/workflow-templates/validate', body, { signal }),
  /** Admin: every stored version, newest first. */
  revisions: (id: string) => http.get<TemplateRevisionList>(`${templatePath(id)}/revisions`),
  /** Admin: change fields (e.g. `status` to publish or deprecate); bumps the version. */
  update: (id: string, body: UpdateWorkflowTemplateRequest) =>
    http.put<WorkflowTemplate>(templatePath(id), body),
  usageStats: (id: string) => http.get<TemplateUsageStats>(`${templatePath(id)}/usage-stats`),
};
