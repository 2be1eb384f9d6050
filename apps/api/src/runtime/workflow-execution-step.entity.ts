import type { RunStepState } from '@agenthub/contracts';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { numericColumn } from './numeric.transformer.js';

/** One node execution of a run (the trace). A node in a loop has one row per execution. */
@Entity({ name: 'workflow_execution_steps' })
export class WorkflowExecutionStepEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'run_id', type: 'uuid' })
  runId!: string;

  @Column({ type: 'integer' })
  seq!: number;

  @Column({ name: 'node_id', type: 'text' })
  nodeId!: string;

  @Column({ name: 'node_type', type: 'text' })
  nodeType!: string;

  @Column({ type: 'text' })
  status!: RunStepState;

  @Column({ type: 'integer' })
  attempt!: number;

  @Column({ type: 'jsonb', nullable: true })
  input!: unknown;

  @Column({ type: 'jsonb', nullable: true })
  output!: unknown;

  @Column({ type: 'jsonb', nullable: true })
  error!: { code: string; message: string } | null;

  @Column({ name: 'duration_ms', type: 'double precision', nullable: true })
  durationMs!: number | null;

  @Column({ name: 'prompt_tokens', type: 'integer' })
  promptTokens!: number;

  @Column({ name: 'completion_tokens', type: 'integer' })
  completionTokens!: number;

  @Column(numericColumn('cost_usd'))
  costUsd!: number;

  /** The service config whose model the node called (null: no model call). Limits count these. */
  @Column({ name: 'service_config_id', type: 'uuid', nullable: true })
  serviceConfigId!: string | null;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;
}
