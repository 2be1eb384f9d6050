import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { HeartbeatRequest, Page, RuntimeInstanceQuery } from '@agenthub/contracts';
import type { Repository } from 'typeorm';
import { paginate } from '../common/pagination.util.js';
import { RuntimeInstanceEntity } from './runtime-instance.entity.js';
import { INSTANCE_DOWN_SQL } from './runtime-instance.rules.js';

@Injectable()
export class RuntimeInstanceRepository {
  constructor(
    @InjectRepository(RuntimeInstanceEntity) private readonly instances: Repository<RuntimeInstanceEntity>,
  ) {}

  /** Insert or refresh the owner's instance in one statement (concurrent beats cannot duplicate it). */
  async recordHeartbeat(
    ownerId: string,
    apiKeyId: string | null,
    beat: HeartbeatRequest,
  ): Promise<RuntimeInstanceEntity> {
    const rows: Array<{ id: string }> = await this.instances.query(
      `INSERT INTO runtime_instances
         (owner_id, instance_id, api_key_id, agent_slug, version, host, uptime_sec, active_sessions, memory_mb,
          interval_sec, first_seen_at, last_seen_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now(), now())
       ON CONFLICT (owner_id, instance_id) DO UPDATE SET
         api_key_id = EXCLUDED.api_key_id, agent_slug = EXCLUDED.agent_slug, version = EXCLUDED.version,
         host = EXCLUDED.host, uptime_sec = EXCLUDED.uptime_sec, active_sessions = EXCLUDED.active_sessions,
         memory_mb = EXCLUDED.memory_mb, interval_sec = EXCLUDED.interval_sec, last_seen_at = now()
       RETURNING id`,
      [
        ownerId,
        beat.instanceId,
        apiKeyId,
        beat.agentSlug ?? null,
        beat.version,
        beat.host,
        beat.uptimeSec,
        beat.activeSessions,
        beat.memoryMb,
        beat.intervalSec,
      ],
    );
    return this.instances.findOneOrFail({ where: { id: rows[0].id } });
  }

  /** Newest heartbeat first; `ownerId` null = everyone's (admins). */
  listPage(ownerId: string | null, query: RuntimeInstanceQuery): Promise<Page<RuntimeInstanceEntity>> {
    const qb = this.instances.createQueryBuilder('ri').orderBy('ri.last_seen_at', 'DESC').addOrderBy('ri.id');
    if (ownerId) qb.andWhere('ri.owner_id = :ownerId', { ownerId });
    if (query.status === 'down') qb.andWhere(INSTANCE_DOWN_SQL);
    if (query.status === 'up') qb.andWhere(`NOT (${INSTANCE_DOWN_SQL})`);
    return paginate(qb, query, (row) => row);
  }
}
