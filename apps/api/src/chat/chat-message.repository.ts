import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, In, type Repository } from 'typeorm';
import { ChatMessageEntity, type ChatMessageMetadata } from './chat-message.entity.js';

@Injectable()
export class ChatMessageRepository {
  constructor(
    @InjectRepository(ChatMessageEntity) private readonly messages: Repository<ChatMessageEntity>,
  ) {}

  private repo(manager?: EntityManager): Repository<ChatMessageEntity> {
    return manager?.getRepository(ChatMessageEntity) ?? this.messages;
  }

  create(
    message: Pick<ChatMessageEntity, 'chatId' | 'parentId' | 'role' | 'content' | 'status'> &
      Partial<Pick<ChatMessageEntity, 'runId' | 'metadata'>>,
    manager?: EntityManager,
  ): Promise<ChatMessageEntity> {
    const repo = this.repo(manager);
    return repo.save(repo.create({ runId: null, metadata: {}, ...message }));
  }

  findById(id: string): Promise<ChatMessageEntity | null> {
    return this.messages.findOne({ where: { id } });
  }

  findInChat(chatId: string, id: string, manager?: EntityManager): Promise<ChatMessageEntity | null> {
    return this.repo(manager).findOne({ where: { id, chatId } });
  }

  listForChat(chatId: string): Promise<ChatMessageEntity[]> {
    // A turn's question and reply share one transaction timestamp: the question comes first.
    return this.messages.find({ where: { chatId }, order: { createdAt: 'ASC', role: 'DESC', id: 'ASC' } });
  }

  /** The newest message of the chat: where a message without `parentMessageId` attaches. */
  latest(chatId: string, manager?: EntityManager): Promise<ChatMessageEntity | null> {
    return this.repo(manager).findOne({
      where: { chatId },
      order: { createdAt: 'DESC', role: 'ASC', id: 'DESC' },
    });
  }

  hasStreaming(chatId: string, manager?: EntityManager): Promise<boolean> {
    return this.repo(manager).exists({ where: { chatId, status: 'streaming' } });
  }

  /** The message and its ancestors, oldest first (the branch a run sees as history). */
  async branch(messageId: string): Promise<ChatMessageEntity[]> {
    const rows: Array<{ id: string }> = await this.messages.query(
      `WITH RECURSIVE b AS (
         SELECT id, parent_id, 0 AS depth FROM chat_messages WHERE id = $1
         UNION ALL
         SELECT m.id, m.parent_id, b.depth + 1 FROM chat_messages m JOIN b ON m.id = b.parent_id
       ) SELECT id FROM b ORDER BY depth DESC`,
      [messageId],
    );
    if (rows.length === 0) return [];
    const found = await this.messages.findBy({ id: In(rows.map((r) => r.id)) });
    const byId = new Map(found.map((m) => [m.id, m]));
    return rows.flatMap((r) => byId.get(r.id) ?? []);
  }

  async update(
    id: string,
    patch: Partial<Pick<ChatMessageEntity, 'content' | 'status' | 'runId'>> & {
      metadata?: ChatMessageMetadata;
    },
    manager?: EntityManager,
  ): Promise<void> {
    await this.repo(manager).update({ id }, patch);
  }
}
