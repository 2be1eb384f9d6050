import type { AuditFilters } from '@/api/admin-audit.api';

export interface AuditForm {
  action: string;
  actorId: string;
  targetType: string;
  targetId: string;
  /** [from, to] from the date-time range picker, or null. */
  range: [Date, Date] | null;
}

export const emptyAuditForm = (): AuditForm => ({
  action: '',
  actorId: '',
  targetType: '',
  targetId: '',
  range: null,
});

/** The query of the form: blank fields left out, the range as ISO instants. */
export function auditQuery(form: AuditForm, page: number, pageSize: number): AuditFilters {
  const text = (v: string) => (v.trim() === '' ? undefined : v.trim());
  return {
    action: text(form.action),
    actorId: text(form.actorId),
    targetType: text(form.targetType),
    targetId: text(form.targetId),
    from: form.range?.[0].toISOString(),
    to: form.range?.[1].toISOString(),
    page,
    pageSize,
  };
}
