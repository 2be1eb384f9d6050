import type { AuditLog, Page } from '@agenthub/contracts';
import { http } from './http-client';

export interface AuditFilters {
  action?: string;
  actorId?: string;
  targetType?: string;
  targetId?: string;
  /** ISO 8601 instants. */
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
}

/** `GET /api/admin/audit-logs` (admin): newest first, secrets redacted by the API. */
export const adminAuditApi = {
  search: (filters: AuditFilters) =>
    http.get<Page<AuditLog>>('/admin/audit-logs', filters as Record<string, string | number | undefined>),
};
