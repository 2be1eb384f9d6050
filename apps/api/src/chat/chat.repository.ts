import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { ChatListQuery, Page } from '@agenthub/contracts';
import { type EntityManager, type Repository } from 'typeorm';
import { escapeLike } from '../common/pagination.util.js';
import { ChatEntity } from './chat.entity.js';
import type { AgentNames } from './chat.mapper.js';

export interface ChatWithAgentName {
  chat: ChatEntity;
  agent: AgentNames;
}

@Injectable()
export class ChatRepository {
  constructor(@InjectRepository(ChatEntity) private readonly chats: Repository<ChatEntity>) {}

  create(chat: Pick<ChatEntity, 'userId' | 'agentId' | 'agentVersionId' | 'agentVersion' | 'title'>) {
    return this.chats.save(
      this.chats.create({ ...chat, archivedAt: null, deletedAt: null, lastActivityAt: new Date() }),
    );
  }

  /** A chat that is not deleted (any owner: callers check ownership → 404). */
  findLive(id: string): Promise<ChatEntity | null> {
    return this.chats.createQueryBuilder('c').where('c.id = :id AND c.deleted_at IS NULL', { id }).getOne();
  }

  /** Locks the chat row so concurrent posts in one chat are serialised (run_in_progress check). */
  lockLive(id: string, manager: EntityManager): Promise<ChatEntity | null> {
    return manager
      .getRepository(ChatEntity)
      .createQueryBuilder('c')
      .setLock('pessimistic_write')
      .where('c.id = :id AND c.deleted_at IS NULL', { id })
      .getOne();
  }

  async agentNames(agentId: string): Promise<AgentNames> {
    const [row] = await this.chats.query(`SELECT name, name_zh FROM agents WHERE id = $1`, [agentId]);
    const found = row as { name: string; name_zh: string | null } | undefined;
    return { name: found?.name ?? '', nameZh: found?.name_zh ?? null };
  }

  /** The user's chats, newest activity first; `q` matches titles (case-insensitive substring). */
  async listForUser(userId: string, query: ChatListQuery): Promise<Page<ChatWithAgentName>> {
    const qb = this.chats
      .createQueryBuilder('c')
      .innerJoin('agents', 'a', 'a.id = c.agent_id')
      .addSelect('a.name', 'agent_name')
      .addSelect('a.name_zh', 'agent_name_zh')
      .where('c.user_id = :userId AND c.deleted_at IS NULL', { userId })
      .orderBy('c.last_activity_at', 'DESC')
      .addOrderBy('c.id', 'DESC');
    if (query.q) qb.andWhere(`c.title ILIKE :q ESCAPE '\\'`, { q: `%${escapeLike(query.q)}%` });
    if (query.archived !== undefined)
      qb.andWhere(query.archived ? 'c.archived_at IS NOT NULL' : 'c.archived_at IS NULL');
    const total = await qb.getCount();
    const { entities, raw } = await qb
      .offset((query.page - 1) * query.pageSize)
      .limit(query.pageSize)
      .getRawAndEntities();
    const names = new Map(
      (raw as Array<{ c_id: string; agent_name: string; agent_name_zh: string | null }>).map((r) => [
        r.c_id,
        { name: r.agent_name, nameZh: r.agent_name_zh },
      ]),
    );
    return {
      items: entities.map((chat) => ({ chat, agent: names.get(chat.id) ?? { name: '', nameZh: null } })),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  async update(
    id: string,
    patch: Partial<Pick<ChatEntity, 'title' | 'archivedAt' | 'deletedAt'>>,
  ): Promise<void> {
    await this.chats.update({ id }, patch);
  }

  async touch(id: string, manager?: EntityManager): Promise<void> {
    await (manager?.getRepository(ChatEntity) ?? this.chats).update(
      { id },
      { lastActivityAt: () => 'now()' },
    );
  }

  /** Chats (not deleted) per user, for the given users. */
  async countLiveByUsers(userIds: string[]): Promise<Map<string, number>> {
    const rows: Array<{ userId: string; count: number }> = await this.chats
      .createQueryBuilder('c')
      .select('c.user_id', 'userId')
      .addSelect('count(*)::int', 'count')
      .where('c.user_id IN (:...userIds) AND c.deleted_at IS NULL', { userIds })
      .groupBy('c.user_id')
      .getRawMany();
    return new Map(rows.map((r) => [r.userId, r.count]));
  }
}
