import type { ProviderAuthType } from '@agenthub/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity({ name: 'providers' })
export class ProviderEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Stable identifier: seeds upsert by it, admins cannot change it. */
  @Column({ type: 'text' })
  slug!: string;

  @Column({ name: 'service_type', type: 'text' })
  serviceType!: string;

  /** The engine's provider kind (`openai_compatible`, `demo`). */
  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ name: 'config_schema', type: 'jsonb' })
  configSchema!: Record<string, unknown>;

  @Column({ name: 'auth_type', type: 'text' })
  authType!: ProviderAuthType;

  @Column({ type: 'boolean' })
  builtin!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
