import type {
  Page,
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
  /** Admin: change fields (e.g. `status` to publish or deprecate); bumps the version. */
  update: (id: string, body: UpdateWorkflowTemplateRequest) =>
    http.put<WorkflowTemplate>(templatePath(id), body),
  usageStats: (id: string) => http.get<TemplateUsageStats>(`${templatePath(id)}/usage-stats`),
};
