import { describe, expect, it } from 'vitest';
import { auditQuery, emptyAuditForm } from './audit-filters.rules';

describe('auditQuery', () => {
  it('leaves blank filters out and sends the range as ISO instants', () => {
    const form = {
      ...emptyAuditForm(),
      action: ' user.disabled ',
      range: [new Date('2026-03-01T00:00:00Z'), new Date('2026-03-02T00:00:00Z')] as [Date, Date],
    };
    expect(auditQuery(form, 2, 20)).toEqual({
      action: 'user.disabled',
      actorId: undefined,
      targetType: undefined,
      targetId: undefined,
      from: '2026-03-01T00:00:00.000Z',
      to: '2026-03-02T00:00:00.000Z',
      page: 2,
      pageSize: 20,
    });
  });
});
