import type { AgentStatus } from '@agenthub/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity({ name: 'agents' })
export class AgentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId!: string;

  @Column({ type: 'text' })
  slug!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'name_zh', type: 'text', nullable: true })
  nameZh!: string | null;

  @Column({ type: 'text' })
  description!: string;

  @Column({ name: 'description_zh', type: 'text', nullable: true })
  descriptionZh!: string | null;

  @Column({ type: 'text', nullable: true })
  icon!: string | null;

  @Column({ name: 'category_id', type: 'uuid', nullable: true })
  categoryId!: string | null;

  @Column({ type: 'text', array: true })
  tags!: string[];

  /** Derived by `deriveAgentStatus` whenever a version or the archive flag changes. */
  @Column({ type: 'text' })
  status!: AgentStatus;

  @Column({ name: 'install_count', type: 'integer' })
  installCount!: number;

  @Column({ name: 'rating_avg', type: 'double precision' })
  ratingAvg!: number;

  @Column({ name: 'rating_count', type: 'integer' })
  ratingCount!: number;

  @Column({ name: 'latest_version', type: 'text', nullable: true })
  latestVersion!: string | null;

  @Column({ name: 'current_version_id', type: 'uuid', nullable: true })
  currentVersionId!: string | null;

  @Column({ name: 'template_id', type: 'uuid', nullable: true })
  templateId!: string | null;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;

  @Column({ name: 'archived_at', type: 'timestamptz', nullable: true })
  archivedAt!: Date | null;

  /** Soft delete: the row stays for chats and the audit log; every query here excludes it. */
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
