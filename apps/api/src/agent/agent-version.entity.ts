import type { ReviewReason, ReviewStatus, ServiceDependencies } from '@agenthub/contracts';
import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';

@Entity({ name: 'agent_versions' })
export class AgentVersionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'agent_id', type: 'uuid' })
  agentId!: string;

  /** Semver once submitted; null for the draft. */
  @Column({ type: 'text', nullable: true })
  version!: string | null;

  @Column({ name: 'workflow_definition', type: 'jsonb', nullable: true })
  workflowDefinition!: Record<string, unknown> | null;

  @Column({ name: 'workflow_template_id', type: 'uuid', nullable: true })
  workflowTemplateId!: string | null;

  @Column({ name: 'template_parameters', type: 'jsonb', nullable: true })
  templateParameters!: Record<string, unknown> | null;

  @Column({ name: 'template_version', type: 'integer', nullable: true })
  templateVersion!: number | null;

  /** What runs execute: the inline definition, or the template instantiated when it was chosen. */
  @Column({ name: 'resolved_definition', type: 'jsonb', nullable: true })
  resolvedDefinition!: Record<string, unknown> | null;

  @Column({ name: 'service_dependencies', type: 'jsonb' })
  serviceDependencies!: ServiceDependencies;

  @Column({ name: 'model_params_override', type: 'jsonb' })
  modelParamsOverride!: Record<string, unknown>;

  @Column({ name: 'system_prompt', type: 'text', nullable: true })
  systemPrompt!: string | null;

  @Column({ name: 'tool_dependencies', type: 'text', array: true })
  toolDependencies!: string[];

  @Column({ name: 'rag_enabled', type: 'boolean' })
  ragEnabled!: boolean;

  @Column({ name: 'step_limit', type: 'integer', nullable: true })
  stepLimit!: number | null;

  @Column({ type: 'text', nullable: true })
  changelog!: string | null;

  @Column({ name: 'review_status', type: 'text' })
  reviewStatus!: ReviewStatus;

  @Column({ name: 'review_notes', type: 'text', nullable: true })
  reviewNotes!: string | null;

  @Column({ name: 'review_reasons', type: 'jsonb' })
  reviewReasons!: ReviewReason[];

  /** Set once the automatic checks ran, so `review()` is idempotent. */
  @Column({ name: 'auto_checked_at', type: 'timestamptz', nullable: true })
  autoCheckedAt!: Date | null;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt!: Date | null;

  @Column({ name: 'reviewed_by', type: 'uuid', nullable: true })
  reviewedBy!: string | null;

  @Column({ name: 'reviewed_at', type: 'timestamptz', nullable: true })
  reviewedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  /** Bumped by TypeORM on every save; the draft's revision is the workflow's ETag. */
  @VersionColumn({ name: 'revision', type: 'integer' })
  revision!: number;
}
