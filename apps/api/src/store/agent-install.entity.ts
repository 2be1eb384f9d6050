import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One user's install of one agent (the row exists exactly while it is installed). */
@Entity({ name: 'agent_installs' })
export class AgentInstallEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @PrimaryColumn({ name: 'agent_id', type: 'uuid' })
  agentId!: string;

  @Column({ name: 'installed_at', type: 'timestamptz' })
  installedAt!: Date;

  /** Uses since this install; lifetime figures live in agent_usage. */
  @Column({ name: 'use_count', type: 'integer' })
  useCount!: number;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;
}
