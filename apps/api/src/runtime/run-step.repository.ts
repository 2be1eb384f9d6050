import { Injectable, Optional } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { RunStepState, TokenUsage } from '@agenthub/contracts';
import type { Repository } from 'typeorm';
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
}

@Injectable()
export class RunStepRepository {
  constructor(
    @InjectRepository(WorkflowExecutionStepEntity)
    private readonly steps: Repository<WorkflowExecutionStepEntity>,
    @Optional() private readonly metrics?: MetricsService,
  ) {}

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
