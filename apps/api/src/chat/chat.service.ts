import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type {
  Chat,
  ChatList,
  ChatListQuery,
  CreateChatRequest,
  UpdateChatRequest,
} from '@agenthub/contracts';
import { IsNull, type Repository } from 'typeorm';
import { AgentVersionEntity } from '../agent/agent-version.entity.js';
import { AgentEntity } from '../agent/agent.entity.js';
import type { AuthUser } from '../common/auth.decorators.js';
import { DomainError } from '../common/domain-error.js';
import { assertOwned } from '../common/ownership.util.js';
import { StoreService } from '../store/store.service.js';
import type { ChatEntity } from './chat.entity.js';
import { toChatDto } from './chat.mapper.js';
import { ChatRepository } from './chat.repository.js';

/** Chats: create (locking a published version), list, rename, archive, soft delete. */
@Injectable()
export class ChatService {
  constructor(
    private readonly chats: ChatRepository,
    @InjectRepository(AgentEntity) private readonly agents: Repository<AgentEntity>,
    @InjectRepository(AgentVersionEntity) private readonly versions: Repository<AgentVersionEntity>,
    private readonly store: StoreService,
  ) {}

  async create(user: AuthUser, body: CreateChatRequest): Promise<Chat> {
    const agent = await this.agents.findOne({ where: { id: body.agentId, deletedAt: IsNull() } });
    if (!agent || !agent.currentVersionId) throw DomainError.notFound('Agent', 'agent_not_found');
    // Archived agents keep serving existing chats, but start no new ones.
    if (agent.archivedAt)
      throw DomainError.conflict('agent_archived', 'The agent is archived and cannot start new chats');
    const version = body.version
      ? await this.versions.findOne({ where: { agentId: agent.id, version: body.version } })
      : await this.versions.findOne({ where: { id: agent.currentVersionId } });
    if (!version || version.reviewStatus !== 'published' || !version.version)
      throw new DomainError(404, 'version_not_found', 'No published version of the agent matches', [
        { path: 'body.version', code: 'version_not_found', message: 'Not a published version of this agent' },
      ]);
    const chat = await this.chats.create({
      userId: user.id,
      agentId: agent.id,
      agentVersionId: version.id,
      agentVersion: version.version,
      title: body.title ?? agent.name,
    });
    await this.store.recordUsage(user.id, agent.id);
    return toChatDto(chat, { name: agent.name, nameZh: agent.nameZh });
  }

  async list(user: AuthUser, query: ChatListQuery): Promise<ChatList> {
    const page = await this.chats.listForUser(user.id, query);
    return { ...page, items: page.items.map((r) => toChatDto(r.chat, r.agent)) };
  }

  async get(user: AuthUser, id: string): Promise<Chat> {
    const chat = await this.loadOwned(user, id);
    return toChatDto(chat, await this.chats.agentNames(chat.agentId));
  }

  async update(user: AuthUser, id: string, body: UpdateChatRequest): Promise<Chat> {
    const chat = await this.loadOwned(user, id);
    await this.chats.update(chat.id, {
      ...(body.title !== undefined ? { title: body.title } : {}),
      ...(body.archived !== undefined
        ? { archivedAt: body.archived ? (chat.archivedAt ?? new Date()) : null }
        : {}),
    });
    return this.get(user, id);
  }

  async remove(user: AuthUser, id: string): Promise<void> {
    const chat = await this.loadOwned(user, id);
    await this.chats.update(chat.id, { deletedAt: new Date() });
  }

  /** A live chat of this user; anyone else's (admins included: chats are private) is 404. */
  async loadOwned(user: AuthUser, id: string): Promise<ChatEntity> {
    const chat = await this.chats.findLive(id);
    assertOwned(chat, user, { ownerKey: 'userId', allowAdmin: false, what: 'Chat' });
    return chat!;
  }
}
