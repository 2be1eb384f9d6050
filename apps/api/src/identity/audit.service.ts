import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import type { AuditLog, AuditLogQuery, Page } from '@agenthub/contracts';
import { redactSecrets } from '../common/redact.util.js';
import { AuditLogEntity } from './audit-log.entity.js';
import { UserEntity } from './user.entity.js';

/** Actions recorded so far; later modules add theirs (publishing, reviews, provider changes). */
export type AuditAction =
  | 'admin.bootstrap'
  | 'user.roles_changed'
  | 'user.disabled'
  | 'user.enabled'
  | 'api_key.created'
  | 'api_key.revoked'
  | (string & {});

export interface AuditEntry {
  actorId: string | null;
  action: AuditAction;
  targetType: string;
  targetId?: string | null;
  metadata?: Record<string, unknown>;
  /** The resource's state around the change; secret-looking keys are redacted before writing. */
  before?: unknown;
  after?: unknown;
  ip?: string | null;
  requestId?: string | null;
}

@Injectable()
export class AuditService {
  constructor(@InjectRepository(AuditLogEntity) private readonly logs: Repository<AuditLogEntity>) {}

  /** Pass `manager` to write the entry in the same transaction as the change it describes. */
  async record(entry: AuditEntry, manager?: EntityManager): Promise<void> {
    const repo = manager ? manager.getRepository(AuditLogEntity) : this.logs;
    await repo.insert({
      actorId: entry.actorId,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId ?? null,
      // jsonb column: TypeORM's deep-partial typing cannot see that any JSON object fits.
      metadata: redactSecrets(entry.metadata ?? {}) as never,
      before: (entry.before === undefined ? null : redactSecrets(entry.before)) as never,
      after: (entry.after === undefined ? null : redactSecrets(entry.after)) as never,
      ip: entry.ip ?? null,
      requestId: entry.requestId ?? null,
    });
  }

  /** Newest first, with the actor's email (null once the actor's account is deleted). */
  async search(query: AuditLogQuery): Promise<Page<AuditLog>> {
    const qb = this.logs
      .createQueryBuilder('a')
      .leftJoin(UserEntity, 'u', 'u.id = a.actorId')
      .addSelect('u.email', 'actor_email')
      .orderBy('a.createdAt', 'DESC')
      .addOrderBy('a.id', 'ASC');
    if (query.action) qb.andWhere('a.action = :action', { action: query.action });
    if (query.actorId) qb.andWhere('a.actorId = :actorId', { actorId: query.actorId });
    if (query.targetType) qb.andWhere('a.targetType = :targetType', { targetType: query.targetType });
    if (query.targetId) qb.andWhere('a.targetId = :targetId', { targetId: query.targetId });
    if (query.from) qb.andWhere('a.createdAt >= :from', { from: query.from });
    if (query.to) qb.andWhere('a.createdAt < :to', { to: query.to });
    const total = await qb.getCount();
    const { entities, raw } = await qb
      .offset((query.page - 1) * query.pageSize)
      .limit(query.pageSize)
      .getRawAndEntities<{ actor_email: string | null }>();
    const items = entities.map((e, i) => ({
      id: e.id,
      actorId: e.actorId,
      actorEmail: raw[i]?.actor_email ?? null,
      action: e.action,
      targetType: e.targetType,
      targetId: e.targetId,
      // Redacted again on the way out: entries written before redaction existed.
      metadata: redactSecrets(e.metadata) as Record<string, unknown>,
      before: e.before === null ? null : redactSecrets(e.before),
      after: e.after === null ? null : redactSecrets(e.after),
      ip: e.ip,
      requestId: e.requestId,
      createdAt: e.createdAt.toISOString(),
    }));
    return { items, total, page: query.page, pageSize: query.pageSize };
  }
}
