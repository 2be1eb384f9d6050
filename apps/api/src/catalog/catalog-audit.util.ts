import type { AuthUser } from '../common/auth.decorators.js';
import type { RequestMeta } from '../common/request-meta.decorator.js';
import type { AuditService } from '../identity/audit.service.js';

/** Who made an admin change, for the audit log. */
export interface Actor {
  user: AuthUser;
  meta: RequestMeta;
}

export async function recordCatalogChange(
  audit: AuditService,
  actor: Actor | undefined,
  action: string,
  targetType: 'node_type' | 'workflow_template',
  targetId: string,
  metadata: Record<string, unknown> = {},
): Promise<void> {
  if (!actor) return;
  await audit.record({ actorId: actor.user.id, action, targetType, targetId, metadata, ...actor.meta });
}
