import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
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

  /**
   * The hot-path insert of a chat turn: one `INSERT … RETURNING` (TypeORM's `save` adds a
   * transaction and a read around it). Timestamps come from the database, so a turn's question
   * and reply share their transaction's `now()`.
   */
  async insert(
    message: Pick<ChatMessageEntity, 'chatId' | 'parentId' | 'role' | 'content' | 'status'> &
      Partial<Pick<ChatMessageEntity, 'runId' | 'metadata'>>,
    manager?: EntityManager,
  ): Promise<ChatMessageEntity> {
    const rows = (await this.repo(manager).query(
      `INSERT INTO chat_messages (chat_id, parent_id, role, content, status, run_id, metadata)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb) RETURNING *`,
      [
        message.chatId,
        message.parentId,
        message.role,
        message.content,
        message.status,
        message.runId ?? null,
        JSON.stringify(message.metadata ?? {}),
      ],
    )) as Array<Record<string, unknown>>;
    return this.hydrate(rows[0]!);
  }

  /** The message and its ancestors, oldest first (the message itself last), in one query. */
  async withAncestors(messageId: string): Promise<ChatMessageEntity[]> {
    const rows = (await this.messages.query(
      `WITH RECURSIVE b AS (
         SELECT m.*, 0 AS depth FROM chat_messages m WHERE m.id = $1
         UNION ALL
         SELECT m.*, b.depth + 1 FROM chat_messages m JOIN b ON m.id = b.parent_id
       ) SELECT * FROM b ORDER BY depth DESC`,
      [messageId],
    )) as Array<Record<string, unknown>>;
    return rows.map((r) => this.hydrate(r));
  }

  /** A raw `chat_messages` row (snake_case, as pg returns it) as an entity. */
  private hydrate(row: Record<string, unknown>): ChatMessageEntity {
    const driver = this.messages.manager.connection.driver;
    const entity = this.messages.create();
    for (const column of this.messages.metadata.columns)
      if (column.databaseName in row)
        column.setEntityValue(entity, driver.prepareHydratedValue(row[column.databaseName], column));
    return entity;
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
  branch(messageId: string): Promise<ChatMessageEntity[]> {
    return this.withAncestors(messageId);
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
