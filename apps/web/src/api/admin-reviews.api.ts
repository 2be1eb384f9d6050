import type { AgentVersion, Page, ReviewQueueItem } from '@agenthub/contracts';
import { http } from './http-client';

const versionPath = (versionId: string) => `/admin/reviews/${encodeURIComponent(versionId)}`;

/** The admin review queue: versions submitted for publication. */
export const adminReviewsApi = {
  queue: (query: { page?: number; pageSize?: number } = {}) =>
    http.get<Page<ReviewQueueItem>>('/admin/reviews', { ...query }),
  approve: (versionId: string, notes?: string) =>
    http.post<AgentVersion>(`${versionPath(versionId)}/approve`, notes ? { notes } : {}),
  reject: (versionId: string, reason: string) =>
    http.post<AgentVersion>(`${versionPath(versionId)}/reject`, { reason }),
};
