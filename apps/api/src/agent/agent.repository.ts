import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { AgentListQuery, Page } from '@agenthub/contracts';
import { type EntityManager, IsNull, type Repository } from 'typeorm';
import { escapeLike, paginate } from '../common/pagination.util.js';
import { AgentEntity } from './agent.entity.js';

export type NewAgent = Pick<
  AgentEntity,
  | 'ownerId'
  | 'slug'
  | 'name'
  | 'nameZh'
  | 'description'
  | 'descriptionZh'
  | 'icon'
  | 'categoryId'
  | 'tags'
  | 'templateId'
>;

export type AgentChanges = Partial<
  Pick<
    AgentEntity,
    | 'slug'
    | 'name'
    | 'nameZh'
    | 'description'
    | 'descriptionZh'
    | 'icon'
    | 'categoryId'
    | 'tags'
    | 'status'
    | 'latestVersion'
    | 'currentVersionId'
    | 'templateId'
    | 'publishedAt'
    | 'archivedAt'
    | 'deletedAt'
  >
>;

/** Postgres unique_violation (e.g. a slug taken by a concurrent request). */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';
}

/** Every read here skips soft-deleted agents. */
@Injectable()
export class AgentRepository {
  constructor(@InjectRepository(AgentEntity) private readonly agents: Repository<AgentEntity>) {}

  private repo(manager?: EntityManager): Repository<AgentEntity> {
    return manager ? manager.getRepository(AgentEntity) : this.agents;
  }

  create(agent: NewAgent, manager?: EntityManager): Promise<AgentEntity> {
    const repo = this.repo(manager);
    return repo.save(repo.create({ ...agent, status: 'draft' }));
  }

  findActiveById(id: string, manager?: EntityManager): Promise<AgentEntity | null> {
    return this.repo(manager).findOne({ where: { id, deletedAt: IsNull() } });
  }

  /** Locks the agent row: publishing, review decisions and draft creation serialise on it. */
  findActiveByIdForUpdate(id: string, manager: EntityManager): Promise<AgentEntity | null> {
    return manager
      .getRepository(AgentEntity)
      .findOne({ where: { id, deletedAt: IsNull() }, lock: { mode: 'pessimistic_write' } });
  }

  findActiveBySlug(slug: string): Promise<AgentEntity | null> {
    return this.agents.findOne({ where: { slug, deletedAt: IsNull() } });
  }

  async slugTaken(slug: string, exceptId?: string): Promise<boolean> {
    const found = await this.findActiveBySlug(slug);
    return !!found && found.id !== exceptId;
  }

  async update(id: string, changes: AgentChanges, manager?: EntityManager): Promise<void> {
    await this.repo(manager).update({ id }, changes);
  }

  /** `ownerId` null = every owner (admins). Newest first. */
  search(query: AgentListQuery, ownerId: string | null): Promise<Page<AgentEntity>> {
    const qb = this.agents
      .createQueryBuilder('a')
      .where('a.deletedAt IS NULL')
      .orderBy('a.createdAt', 'DESC')
      .addOrderBy('a.id', 'ASC');
    if (ownerId) qb.andWhere('a.ownerId = :ownerId', { ownerId });
    else if (query.ownerId) qb.andWhere('a.ownerId = :ownerId', { ownerId: query.ownerId });
    if (query.status) qb.andWhere('a.status = :status', { status: query.status });
    if (query.categoryId) qb.andWhere('a.categoryId = :categoryId', { categoryId: query.categoryId });
    if (query.q) {
      qb.andWhere('(a.name ILIKE :q OR a.slug ILIKE :q OR a.description ILIKE :q OR a.nameZh ILIKE :q)', {
        q: `%${escapeLike(query.q)}%`,
      });
    }
    return paginate(qb, query, (a) => a);
  }

  countActiveInCategory(categoryId: string, manager: EntityManager): Promise<number> {
    return manager.getRepository(AgentEntity).count({ where: { categoryId, deletedAt: IsNull() } });
  }

  /** Soft-deleted agents keep no hold on a category that is being removed. */
  async detachDeletedFromCategory(categoryId: string, manager: EntityManager): Promise<void> {
    await manager
      .getRepository(AgentEntity)
      .createQueryBuilder()
      .update()
      .set({ categoryId: null })
      .where('category_id = :categoryId AND deleted_at IS NOT NULL', { categoryId })
      .execute();
  }

  countActiveFromTemplate(templateId: string): Promise<number> {
    return this.agents.count({ where: { templateId, deletedAt: IsNull() } });
  }

  /** Agents (not deleted) per owner, for the given owners. */
  async countActiveByOwners(ownerIds: string[]): Promise<Map<string, number>> {
    const rows: Array<{ ownerId: string; count: number }> = await this.agents
      .createQueryBuilder('a')
      .select('a.owner_id', 'ownerId')
      .addSelect('count(*)::int', 'count')
      .where('a.owner_id IN (:...ownerIds) AND a.deleted_at IS NULL', { ownerIds })
      .groupBy('a.owner_id')
      .getRawMany();
    return new Map(rows.map((r) => [r.ownerId, r.count]));
  }
}
