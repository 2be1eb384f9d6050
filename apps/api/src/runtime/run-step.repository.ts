import { Injectable, Optional } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { RunStepState, TokenUsage } from '@agenthub/contracts';
import type { EntityManager, Repository } from 'typeorm';
import { MetricsService } from '../observability/metrics.service.js';
import { WorkflowExecutionStepEntity } from './workflow-execution-step.entity.js';

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
/** Columns an existing step row keeps when it is written again. */
const IDENTITY_COLUMNS = new Set(['id', 'run_id', 'seq', 'node_id', 'node_type', 'started_at']);
/** jsonb parameters go as JSON text (a bare JS string would not be valid JSON); null stays SQL NULL. */
const json = (value: unknown): string | null =>
  value === null || value === undefined ? null : JSON.stringify(value);

/** The values a step's row is written with, in `STEP_COLUMNS` order. */
const stepValues = (runId: string, r: StepRecord): unknown[] => [
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
        const values = stepValues(runId, r);
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
      const values = stepValues(runId, r);
      const params: unknown[] = [r.id];
      const sets = STEP_COLUMNS.flatMap((column, i) => {
        if (IDENTITY_COLUMNS.has(column)) return [];
        params.push(values[i]);
        const value = JSONB_COLUMNS.has(column) ? `$${params.length}::jsonb` : `$${params.length}`;
        // A continued step keeps the config recorded before the pause unless it called one now.
        return [
          column === 'service_config_id'
            ? `${column} = COALESCE(${value}, ${column})`
            : `${column} = ${value}`,
        ];
      });
      await db.query(`UPDATE workflow_execution_steps SET ${sets.join(', ')} WHERE id = $1`, params);
    }
    for (const r of records)
      if (r.status === 'completed' || r.status === 'failed')
        this.metrics?.recordNode(r.nodeType, r.durationMs);
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
