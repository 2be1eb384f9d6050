import { Injectable } from '@nestjs/common';
import {
  type HeartbeatRequest,
  type Page,
  type RuntimeInstance,
  RuntimeInstanceErrorCodes,
  type RuntimeInstanceQuery,
} from '@agenthub/contracts';
import type { AuthUser } from '../common/auth.decorators.js';
import { DomainError } from '../common/domain-error.js';
import type { RuntimeInstanceEntity } from './runtime-instance.entity.js';
import { RuntimeInstanceRepository } from './runtime-instance.repository.js';
import { instanceStatus } from './runtime-instance.rules.js';

export function toRuntimeInstanceDto(row: RuntimeInstanceEntity, now: Date): RuntimeInstance {
  return {
    id: row.id,
    ownerId: row.ownerId,
    instanceId: row.instanceId,
    agentSlug: row.agentSlug,
    version: row.version,
    host: row.host,
    uptimeSec: row.uptimeSec,
    activeSessions: row.activeSessions,
    memoryMb: Number(row.memoryMb),
    intervalSec: row.intervalSec,
    status: instanceStatus(row.lastSeenAt, row.intervalSec, now),
    firstSeenAt: row.firstSeenAt.toISOString(),
    lastSeenAt: row.lastSeenAt.toISOString(),
  };
}

/**
 * Heartbeats of runtimes outside the platform (`agenthub serve --platform`). An instance belongs
 * to the user whose API key sends its beats; developers see their own, admins everyone's.
 */
@Injectable()
export class RuntimeInstanceService {
  constructor(
    private readonly instances: RuntimeInstanceRepository,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async heartbeat(user: AuthUser, beat: HeartbeatRequest): Promise<RuntimeInstance> {
    // A runtime is a machine, not a browser session: it authenticates with an API key.
    if (user.via.kind !== 'api_key')
      throw DomainError.forbidden(
        RuntimeInstanceErrorCodes.apiKeyRequired,
        'Heartbeats are sent with an API key',
      );
    const row = await this.instances.recordHeartbeat(user.id, user.via.apiKeyId, beat);
    return toRuntimeInstanceDto(row, this.clock());
  }

  async list(user: AuthUser, query: RuntimeInstanceQuery): Promise<Page<RuntimeInstance>> {
    const admin = user.roles.includes('admin');
    const ownerId = admin ? (query.ownerId ?? null) : user.id;
    const page = await this.instances.listPage(ownerId, query);
    const now = this.clock();
    return { ...page, items: page.items.map((row) => toRuntimeInstanceDto(row, now)) };
  }
}
