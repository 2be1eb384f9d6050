import { Injectable, Optional } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { RunStepState, TokenUsage } from '@agenthub/contracts';
import type { EntityManager, Repository } from 'typeorm';
import { MetricsService } from '../observability/metrics.service.js';
import { WorkflowExecutionStepEntity } from './workflow-execution-step.entity.js';

export interface StepResult {
  status: Extract<RunStepState, 'completed' | 'failed'>;
  attempt: number;
  input: unknown;
  output: unknown;
  error: { code: string; message: string } | null;
  durationMs: number | null;
  usage: TokenUsage;
  /** The service config whose model the node called (service-config limits count these rows). */
  serviceConfigId?: string | null;
}

/**
 * A step as the run's recorder holds it in memory until the run segment ends (see
 * RunStepRecorder): `persisted` rows are updated by id, the others inserted.
 */
export interface StepRecord {
  id: string;
  persisted: boolean;
  seq: number;
  nodeId: string;
  nodeType: string;
  status: RunStepState;
  attempt: number;
  input: unknown;
  output: unknown;
  error: { code: string; message: string } | null;
  durationMs: number | null;
  usage: TokenUsage;
  /** The service config whose model the node called (service-config limits count these rows). */
  serviceConfigId: string | null;
  startedAt: Date;
  finishedAt: Date | null;
}

const STEP_COLUMNS = [
  'id',
  'run_id',
  'seq',
  'node_id',
  'node_type',
  'status',
  'attempt',
  'input',
  'output',
  'error',
  'duration_ms',
  'prompt_tokens',
  'completion_tokens',
  'cost_usd',
  'service_config_id',
  'started_at',
  'finished_at',
] as const;
const JSONB_COLUMNS = new Set(['input', 'output', 'error']);
/** jsonb parameters go as JSON text (a bare JS string would not be valid JSON); null stays SQL NULL. */
const json = (value: unknown): string | null =>
  value === null || value === undefined ? null : JSON.stringify(value);

@Injectable()
export class RunStepRepository {
  constructor(
    @InjectRepository(WorkflowExecutionStepEntity)
    private readonly steps: Repository<WorkflowExecutionStepEntity>,
    @Optional() private readonly metrics?: MetricsService,
  ) {}

  /**
   * Writes a run segment's steps in one round trip per kind: one multi-row INSERT for new steps,
   * an UPDATE per step that already had a row (a paused step that continued). Pass the run's
   * settle transaction as `manager`, so the trace and the run's end are committed together.
   */
  async saveBatch(runId: string, records: StepRecord[], manager?: EntityManager): Promise<void> {
    if (records.length === 0) return;
    const db = manager ?? this.steps.manager;
    const fresh = records.filter((r) => !r.persisted);
    if (fresh.length > 0) {
      const params: unknown[] = [];
      const tuples = fresh.map((r) => {
        const values: unknown[] = [
          r.id,
          runId,
          r.seq,
          r.nodeId,
          r.nodeType,
          r.status,
          r.attempt,
          json(r.input),
          json(r.output),
          json(r.error),
          r.durationMs,
          r.usage.promptTokens,
          r.usage.completionTokens,
          r.usage.costUsd,
          r.serviceConfigId,
          r.startedAt,
          r.finishedAt,
        ];
        const placeholders = values.map((v, i) => {
          params.push(v);
          return JSONB_COLUMNS.has(STEP_COLUMNS[i]!) ? `$${params.length}::jsonb` : `$${params.length}`;
        });
        return `(${placeholders.join(', ')})`;
      });
      await db.query(
        `INSERT INTO workflow_execution_steps (${STEP_COLUMNS.join(', ')}) VALUES ${tuples.join(', ')}`,
        params,
      );
    }
    for (const r of records.filter((x) => x.persisted)) {
      await db.query(
        `UPDATE workflow_execution_steps
            SET status = $2, attempt = $3, input = $4::jsonb, output = $5::jsonb, error = $6::jsonb,
                duration_ms = $7, prompt_tokens = $8, completion_tokens = $9, cost_usd = $10,
                service_config_id = COALESCE($11, service_config_id), finished_at = $12
          WHERE id = $1`,
        [
          r.id,
          r.status,
          r.attempt,
          json(r.input),
          json(r.output),
          json(r.error),
          r.durationMs,
          r.usage.promptTokens,
          r.usage.completionTokens,
          r.usage.costUsd,
          r.serviceConfigId,
          r.finishedAt,
        ],
      );
    }
    for (const r of records)
      if (r.status === 'completed' || r.status === 'failed')
        this.metrics?.recordNode(r.nodeType, r.durationMs);
  }

  async insertStarted(step: {
    runId: string;
    seq: number;
    nodeId: string;
    nodeType: string;
  }): Promise<string> {
    const saved = await this.steps.save(
      this.steps.create({
        ...step,
        status: 'running',
        attempt: 1,
        input: null,
        output: null,
        error: null,
        durationMs: null,
        promptTokens: 0,
        completionTokens: 0,
        costUsd: 0,
        startedAt: new Date(),
        finishedAt: null,
      }),
    );
    return saved.id;
  }

  /** A node paused at human input runs again on resume: its step continues instead of a new one. */
  async reopen(id: string): Promise<void> {
    await this.steps.update({ id }, { status: 'running' });
  }

  async finish(id: string, result: StepResult): Promise<void> {
    const updated = await this.steps
      .createQueryBuilder()
      .update()
      .set({
        status: result.status,
        attempt: result.attempt,
        input: result.input as object,
        output: result.output as object,
        error: result.error,
        durationMs: result.durationMs,
        promptTokens: () => 'prompt_tokens + :promptTokens',
        completionTokens: () => 'completion_tokens + :completionTokens',
        costUsd: () => 'cost_usd + :costUsd',
        ...(result.serviceConfigId ? { serviceConfigId: result.serviceConfigId } : {}),
        finishedAt: () => 'now()',
      })
      .where('id = :id', { id })
      .setParameters({
        promptTokens: result.usage.promptTokens,
        completionTokens: result.usage.completionTokens,
        costUsd: result.usage.costUsd,
      })
      .returning('node_type')
      .execute();
    const kind = (updated.raw as { node_type?: string }[])[0]?.node_type;
    if (kind) this.metrics?.recordNode(kind, result.durationMs);
  }

  async markPaused(id: string, input: unknown): Promise<void> {
    await this.steps.update({ id }, { status: 'paused', input: input as object });
  }

  /** Steps still running when the run stopped (cancel, timeout, crash of the graph). */
  async closeRunning(runId: string, status: Extract<RunStepState, 'failed' | 'cancelled'>): Promise<void> {
    await this.steps
      .createQueryBuilder()
      .update()
      .set({ status, finishedAt: () => 'now()' })
      .where(`run_id = :runId AND status = 'running'`, { runId })
      .execute();
  }

  findPaused(runId: string): Promise<WorkflowExecutionStepEntity[]> {
    return this.steps.find({ where: { runId, status: 'paused' }, order: { seq: 'ASC' } });
  }

  async lastSeq(runId: string): Promise<number> {
    const row = await this.steps
      .createQueryBuilder('s')
      .select('COALESCE(MAX(s.seq), 0)', 'max')
      .where('s.run_id = :runId', { runId })
      .getRawOne<{ max: number | string }>();
    return Number(row?.max ?? 0);
  }

  listForRun(
    runId: string,
    page: number,
    pageSize: number,
  ): Promise<[WorkflowExecutionStepEntity[], number]> {
    return this.steps.findAndCount({
      where: { runId },
      order: { seq: 'ASC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
  }
}
