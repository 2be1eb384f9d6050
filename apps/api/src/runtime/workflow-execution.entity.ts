import type { RunErrorInfo, RunKind, RunState, ServiceDependencies } from '@agenthub/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { numericColumn } from './numeric.transformer.js';

/** What a resume needs, besides the definition, to rebuild the same resolvers. */
export interface RunOptionsSnapshot {
  /** Whose personal service configs the run may use (the agent's owner). */
  serviceOwnerId: string | null;
  serviceDependencies: ServiceDependencies;
  modelParams?: ModelParams;
}

export interface ModelParams {
  temperature?: number;
  maxTokens?: number;
  topP?: number;
  /** Stop sequences (sent as the provider's `stop`), from a `/v1` request. */
  stop?: string[];
}

/** A run: one execution of a workflow (draft test run or chat turn). id = LangGraph thread id. */
@Entity({ name: 'workflow_executions' })
export class WorkflowExecutionEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  kind!: RunKind;

  @Column({ type: 'text' })
  status!: RunState;

  @Column({ name: 'chat_id', type: 'uuid', nullable: true })
  chatId!: string | null;

  @Column({ name: 'message_id', type: 'uuid', nullable: true })
  messageId!: string | null;

  @Column({ name: 'agent_id', type: 'uuid' })
  agentId!: string;

  @Column({ name: 'agent_version_id', type: 'uuid', nullable: true })
  agentVersionId!: string | null;

  @Column({ name: 'agent_version', type: 'text', nullable: true })
  agentVersion!: string | null;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ type: 'jsonb' })
  definition!: unknown;

  @Column({ name: 'run_options', type: 'jsonb' })
  runOptions!: RunOptionsSnapshot;

  @Column({ name: 'step_limit', type: 'integer' })
  stepLimit!: number;

  @Column({ name: 'current_node', type: 'text', nullable: true })
  currentNode!: string | null;

  @Column({ name: 'nodes_total', type: 'integer' })
  nodesTotal!: number;

  @Column({ name: 'nodes_completed', type: 'integer' })
  nodesCompleted!: number;

  @Column({ name: 'nodes_failed', type: 'integer' })
  nodesFailed!: number;

  @Column({ name: 'error_info', type: 'jsonb', nullable: true })
  errorInfo!: RunErrorInfo | null;

  @Column({ name: 'prompt_tokens', type: 'integer' })
  promptTokens!: number;

  @Column({ name: 'completion_tokens', type: 'integer' })
  completionTokens!: number;

  @Column(numericColumn('cost_usd'))
  costUsd!: number;

  @Column({ name: 'last_event_id', type: 'integer' })
  lastEventId!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'paused_at', type: 'timestamptz', nullable: true })
  pausedAt!: Date | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
