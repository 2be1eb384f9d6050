import type { Page, TemplateInstance, WorkflowTemplate, WorkflowTemplateSummary } from '@agenthub/contracts';
import { http } from './http-client';

export interface TemplateSearchParams {
  q?: string;
  category?: string;
  page?: number;
  pageSize?: number;
}

const templatePath = (id: string) => `/workflow-templates/${encodeURIComponent(id)}`;

/** Published workflow templates as developers see them (only `active` ones). */
export const workflowTemplatesApi = {
  search: (params: TemplateSearchParams, signal?: AbortSignal) =>
    http.get<Page<WorkflowTemplateSummary>>('/workflow-templates', { ...params }, { signal }),
  get: (id: string) => http.get<WorkflowTemplate>(templatePath(id)),
  /** The template instantiated with `parameters`, without counting a usage. */
  preview: (id: string, parameters: Record<string, unknown>, signal?: AbortSignal) =>
    http.post<TemplateInstance>(`${templatePath(id)}/preview`, { parameters }, { signal }),
};
