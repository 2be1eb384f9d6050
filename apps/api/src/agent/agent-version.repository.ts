import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Page, PageQuery } from '@agenthub/contracts';
import { type EntityManager, IsNull, Not, type Repository } from 'typeorm';
import { AgentEntity } from './agent.entity.js';
import { AgentVersionEntity } from './agent-version.entity.js';

export type NewAgentVersion = Omit<
  AgentVersionEntity,
  | 'id'
  | 'createdAt'
  | 'updatedAt'
  | 'revision'
  | 'version'
  | 'reviewStatus'
  | 'reviewNotes'
  | 'reviewReasons'
  | 'autoCheckedAt'
  | 'submittedAt'
  | 'reviewedBy'
  | 'reviewedAt'
  | 'changelog'
>;

export interface PendingReview {
  version: AgentVersionEntity;
  agent: Pick<AgentEntity, 'id' | 'name' | 'slug' | 'ownerId'>;
}

@Injectable()
export class AgentVersionRepository {
  constructor(
    @InjectRepository(AgentVersionEntity) private readonly versions: Repository<AgentVersionEntity>,
  ) {}

  private repo(manager?: EntityManager): Repository<AgentVersionEntity> {
    return manager ? manager.getRepository(AgentVersionEntity) : this.versions;
  }

  /** When each of `agentIds`' drafts last changed (agents without a draft are absent). */
  async draftUpdatedAt(agentIds: readonly string[]): Promise<Map<string, Date>> {
    if (agentIds.length === 0) return new Map();
    const rows = await this.versions
      .createQueryBuilder('v')
      .select('v.agentId', 'agentId')
      .addSelect('v.updatedAt', 'updatedAt')
      .where('v.agentId IN (:...agentIds)', { agentIds })
      .andWhere("v.reviewStatus = 'draft'")
      .getRawMany<{ agentId: string; updatedAt: Date }>();
    return new Map(rows.map((r) => [r.agentId, new Date(r.updatedAt)]));
  }

  createDraft(draft: NewAgentVersion, manager?: EntityManager): Promise<AgentVersionEntity> {
    const repo = this.repo(manager);
    return repo.save(
      repo.create({ ...draft, version: null, reviewStatus: 'draft', reviewReasons: [], changelog: null }),
    );
  }

  /** A version that is published from the start (demo data seeded by the platform itself). */
  createPublished(
    version: NewAgentVersion & { version: string; changelog: string | null; reviewNotes: string },
    manager: EntityManager,
  ): Promise<AgentVersionEntity> {
    const repo = manager.getRepository(AgentVersionEntity);
    const now = new Date();
    return repo.save(
      repo.create({
        ...version,
        reviewStatus: 'published',
        reviewReasons: [],
        autoCheckedAt: now,
        submittedAt: now,
        reviewedAt: now,
        reviewedBy: null,
      }),
    );
  }

  save(version: AgentVersionEntity, manager?: EntityManager): Promise<AgentVersionEntity> {
    return this.repo(manager).save(version);
  }

  findById(id: string, manager?: EntityManager): Promise<AgentVersionEntity | null> {
    return this.repo(manager).findOne({ where: { id } });
  }

  findByIdForUpdate(id: string, manager: EntityManager): Promise<AgentVersionEntity | null> {
    return manager
      .getRepository(AgentVersionEntity)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  findDraft(agentId: string, manager?: EntityManager): Promise<AgentVersionEntity | null> {
    return this.repo(manager).findOne({ where: { agentId, reviewStatus: 'draft' } });
  }

  findByNumber(
    agentId: string,
    version: string,
    manager?: EntityManager,
  ): Promise<AgentVersionEntity | null> {
    return this.repo(manager).findOne({ where: { agentId, version } });
  }

  /** Submitted versions (not the draft), newest submission first. */
  listSubmitted(agentId: string, manager?: EntityManager): Promise<AgentVersionEntity[]> {
    return this.repo(manager).find({
      where: { agentId, version: Not(IsNull()) },
      order: { submittedAt: 'DESC', createdAt: 'DESC' },
    });
  }

  /** Pending versions for the admin queue, oldest submission first (first come, first served). */
  async pendingPage(query: PageQuery): Promise<Page<PendingReview>> {
    const qb = this.versions
      .createQueryBuilder('v')
      .innerJoin(AgentEntity, 'a', 'a.id = v.agentId AND a.deletedAt IS NULL')
      .addSelect(['a.id', 'a.name', 'a.slug', 'a.ownerId'])
      .where(`v.reviewStatus = 'pending_review'`)
      .orderBy('v.submittedAt', 'ASC')
      .addOrderBy('v.id', 'ASC');
    const total = await qb.getCount();
    const { entities, raw } = await qb
      .offset((query.page - 1) * query.pageSize)
      .limit(query.pageSize)
      .getRawAndEntities<{ a_id: string; a_name: string; a_slug: string; a_owner_id: string }>();
    const items = entities.map((version, i) => {
      const r = raw[i]!;
      return { version, agent: { id: r.a_id, name: r.a_name, slug: r.a_slug, ownerId: r.a_owner_id } };
    });
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  /** Versions of live agents whose definition uses `typeName` (for the catalog's in-use check). */
  async usingNodeType(typeName: string): Promise<Array<{ id: string; name: string; agentId: string }>> {
    const rows: Array<{ id: string; agent_id: string; agent_name: string; version: string | null }> =
      await this.versions.query(
        `SELECT v.id, v.agent_id, a.name AS agent_name, v.version
         FROM agent_versions v JOIN agents a ON a.id = v.agent_id
        WHERE a.deleted_at IS NULL AND v.resolved_definition @> $1::jsonb
        ORDER BY a.name, v.created_at`,
        [JSON.stringify({ nodes: [{ type: typeName }] })],
      );
    return rows.map((r) => ({
      id: r.id,
      agentId: r.agent_id,
      name: `${r.agent_name} ${r.version ?? '(draft)'}`,
    }));
  }
}
