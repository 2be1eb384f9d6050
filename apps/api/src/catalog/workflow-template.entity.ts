import type { TemplateComplexity, TemplateStatus } from '@agenthub/contracts';
import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

/** numeric comes back from pg as a string. */
const numericToNumber = {
  to: (v: number | null | undefined) => v,
  from: (v: string | null) => (v === null ? null : Number(v)),
};

@Entity({ name: 'workflow_templates' })
export class WorkflowTemplateEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Stable slug; seeded templates are recognised by it. */
  @Column({ type: 'text' })
  key!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'text' })
  category!: string;

  @Column({ type: 'text', array: true })
  tags!: string[];

  @Column({ type: 'jsonb' })
  definition!: Record<string, unknown>;

  @Column({ name: 'parameter_schema', type: 'jsonb' })
  parameterSchema!: Record<string, unknown>;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'text' })
  status!: TemplateStatus;

  @Column({ name: 'usage_count', type: 'integer' })
  usageCount!: number;

  @Column({ type: 'numeric', precision: 3, scale: 2, nullable: true, transformer: numericToNumber })
  rating!: number | null;

  /** Derived from the definition at every write (see template-graph.rules.ts). */
  @Column({ type: 'text' })
  complexity!: TemplateComplexity;

  @Column({ name: 'node_count', type: 'integer' })
  nodeCount!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** Index of the definition's nodes: kept in step with `definition` in the same transaction. */
@Entity({ name: 'workflow_template_nodes' })
export class WorkflowTemplateNodeEntity {
  @PrimaryColumn({ name: 'template_id', type: 'uuid' })
  templateId!: string;

  @PrimaryColumn({ name: 'node_id', type: 'text' })
  nodeId!: string;

  @Column({ name: 'node_type', type: 'text' })
  nodeType!: string;
}

/** Index of the definition's edges, one row per (source, target). */
@Entity({ name: 'workflow_template_edges' })
export class WorkflowTemplateEdgeEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'template_id', type: 'uuid' })
  templateId!: string;

  @Column({ name: 'from_node', type: 'text' })
  from!: string;

  @Column({ name: 'to_node', type: 'text' })
  to!: string;

  @Column({ name: 'edge_type', type: 'text' })
  type!: 'normal' | 'conditional' | 'fanout';

  @Column({ type: 'text', nullable: true })
  label!: string | null;
}

/** Every version a template has had, so agents can re-instantiate the one they were built from. */
@Entity({ name: 'workflow_template_revisions' })
export class WorkflowTemplateRevisionEntity {
  @PrimaryColumn({ name: 'template_id', type: 'uuid' })
  templateId!: string;

  @PrimaryColumn({ type: 'integer' })
  version!: number;

  @Column({ type: 'jsonb' })
  definition!: Record<string, unknown>;

  @Column({ name: 'parameter_schema', type: 'jsonb' })
  parameterSchema!: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
