import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Lifetime use of an agent by a user (chats, API calls), whether or not it is installed. */
@Entity({ name: 'agent_usage' })
export class AgentUsageEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @PrimaryColumn({ name: 'agent_id', type: 'uuid' })
  agentId!: string;

  @Column({ name: 'first_used_at', type: 'timestamptz' })
  firstUsedAt!: Date;

  @Column({ name: 'last_used_at', type: 'timestamptz' })
  lastUsedAt!: Date;

  @Column({ name: 'use_count', type: 'integer' })
  useCount!: number;
}
