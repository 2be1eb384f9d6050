import type { ChatMessage, ChatMessageStatus } from '@agenthub/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export type ChatMessageMetadata = ChatMessage['metadata'] & {
  /** A reply given to a paused run, waiting for the queue to resume it (never returned). */
  resumeInput?: string;
  /** A retry of the failed run was requested (never returned). */
  retryRequested?: boolean;
  /** Streamed text per node, so a retry can drop the failed node's partial output (never returned). */
  nodeText?: Record<string, string>;
  /** On a user message: workflow variable values sent with it (MCP tool arguments), the run's `vars` (never returned). */
  vars?: ChatTurnVars;
};

/** Values of workflow variables given with a turn (JSON values). */
export type ChatTurnVars = Record<string, string | number | boolean | object | null>;

@Entity({ name: 'chat_messages' })
export class ChatMessageEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'chat_id', type: 'uuid' })
  chatId!: string;

  /** The message this one follows; siblings are alternative branches (regenerate). */
  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId!: string | null;

  @Column({ type: 'text' })
  role!: 'user' | 'assistant';

  @Column({ type: 'text' })
  content!: string;

  @Column({ type: 'text' })
  status!: ChatMessageStatus;

  @Column({ name: 'run_id', type: 'uuid', nullable: true })
  runId!: string | null;

  @Column({ type: 'jsonb' })
  metadata!: ChatMessageMetadata;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
