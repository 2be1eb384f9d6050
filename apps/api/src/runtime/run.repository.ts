import { Injectable, Optional } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { RunErrorInfo, RunKind, RunState, TokenUsage } from '@agenthub/contracts';
import type { EntityManager, Repository } from 'typeorm';
import { MetricsService } from '../observability/metrics.service.js';
import { WorkflowExecutionEntity, type RunOptionsSnapshot } from './workflow-execution.entity.js';

export interface NewRun {
  id: string;
  kind: RunKind;
  agentId: string;
  agentVersionId: string | null;
  agentVersion: string | null;
  chatId: string | null;
  messageId: string | null;
  userId: string;
  definition: unknown;
  runOptions: RunOptionsSnapshot;
  stepLimit: number;
  nodesTotal: number;
}

export type SettledState = Extract<RunState, 'completed' | 'failed' | 'cancelled' | 'paused'>;

export interface RunOutcome {
  status: SettledState;
  errorInfo: RunErrorInfo | null;
  /** Usage of this segment (a resumed run adds to what earlier segments used). */
  usage: TokenUsage;
  lastEventId: number;
  currentNode: string | null;
}

const FINAL_STATES: readonly RunState[] = ['completed', 'failed', 'cancelled'];

/** A run's token and cost totals over all its segments, as recorded. */
export type RunTotals = TokenUsage;

/** `manager.query` answers UPDATE/DELETE with `[rows, count]` and anything else with the rows. */
function rowsOf<T>(result: unknown, command: 'update' | 'other'): T[] {
  return (command === 'update' ? (result as [T[], number])[0] : (result as T[])) ?? [];
}

@Injectable()
export class RunRepository {
  constructor(
    @InjectRepository(WorkflowExecutionEntity) private readonly runs: Repository<WorkflowExecutionEntity>,
    @Optional() private readonly metrics?: MetricsService,
  ) {}

  /**
   * Inserts the run row in one statement (inside `manager`'s transaction when given, e.g. with the
   * chat turn's messages): `queued` for the queue to start, or `running` for a run executed at once
   * (draft tests, `/v1`). The entity is built here rather than read back.
   */
  async insert(
    run: NewRun,
    status: 'queued' | 'running',
    manager?: EntityManager,
  ): Promise<WorkflowExecutionEntity> {
    const now = new Date();
    await (manager ?? this.runs.manager).query(
      `INSERT INTO workflow_executions
         (id, kind, status, chat_id, message_id, agent_id, agent_version_id, agent_version, user_id,
          definition, run_options, step_limit, nodes_total, started_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11::jsonb, $12, $13, $14, $15, $15)`,
      [
        run.id,
        run.kind,
        status,
        run.chatId,
        run.messageId,
        run.agentId,
        run.agentVersionId,
        run.agentVersion,
        run.userId,
        JSON.stringify(run.definition),
        JSON.stringify(run.runOptions),
        run.stepLimit,
        run.nodesTotal,
        status === 'running' ? now : null,
        now,
      ],
    );
    return this.runs.create({
      ...run,
      status,
      currentNode: null,
      nodesCompleted: 0,
      nodesFailed: 0,
      errorInfo: null,
      promptTokens: 0,
      completionTokens: 0,
      costUsd: 0,
      lastEventId: 0,
      startedAt: status === 'running' ? now : null,
      pausedAt: null,
      completedAt: null,
      createdAt: now,
    } as Partial<WorkflowExecutionEntity>);
  }

  /**
   * Takes a queued run to `running` and reads it, in one statement: two deliveries of the same
   * run cannot both start it. Null when it is not queued.
   */
  async claimQueued(id: string): Promise<WorkflowExecutionEntity | null> {
    const result: unknown = await this.runs.manager.query(
      `UPDATE workflow_executions
          SET status = 'running', started_at = COALESCE(started_at, now()), paused_at = NULL, updated_at = now()
        WHERE id = $1 AND status = 'queued'
        RETURNING *`,
      [id],
    );
    const [row] = rowsOf<Record<string, unknown>>(result, 'update');
    return row ? this.hydrate(row) : null;
  }

  /** A raw `workflow_executions` row (snake_case, as pg returns it) as an entity, transformers applied. */
  private hydrate(row: Record<string, unknown>): WorkflowExecutionEntity {
    const driver = this.runs.manager.connection.driver;
    const entity = this.runs.create();
    for (const column of this.runs.metadata.columns)
      if (column.databaseName in row)
        column.setEntityValue(entity, driver.prepareHydratedValue(row[column.databaseName], column));
    return entity;
  }

  findById(id: string): Promise<WorkflowExecutionEntity | null> {
    return this.runs.findOne({ where: { id } });
  }

  /** Distinct chats per agent with a chat run created in the last `days` days (one aggregate). */
  async countRecentChatsByAgent(agentIds: readonly string[], days: number): Promise<Map<string, number>> {
    if (agentIds.length === 0) return new Map();
    const rows: Array<{ agent_id: string; chats: number }> = await this.runs.query(
      `SELECT agent_id, count(DISTINCT chat_id)::int AS chats
         FROM workflow_executions
        WHERE agent_id = ANY($1::uuid[]) AND kind = 'chat' AND chat_id IS NOT NULL
          AND created_at >= now() - make_interval(days => $2::int)
        GROUP BY agent_id`,
      [agentIds, days],
    );
    return new Map(rows.map((r) => [r.agent_id, r.chats]));
  }

  /**
   * Moves a paused run to `running` in one statement, so two concurrent resumes cannot both
   * continue the thread (LangGraph has no per-thread lock). Null when the run is not paused.
   */
  async claimPaused(id: string): Promise<WorkflowExecutionEntity | null> {
    const result = await this.runs
      .createQueryBuilder()
      .update()
      .set({ status: 'running', pausedAt: null })
      .where(`id = :id AND status = 'paused'`, { id })
      .returning('id')
      .execute();
    if (!result.affected) return null;
    return this.findById(id);
  }

  /** Atomically takes a failed run back to `running` for a retry; null when it is not failed. */
  /** `definition`: a fixed workflow the retry continues with, snapshotted in place of the old one. */
  async claimFailed(id: string, definition?: unknown): Promise<WorkflowExecutionEntity | null> {
    const result = await this.runs
      .createQueryBuilder()
      .update()
      .set({
        status: 'running',
        errorInfo: null,
        completedAt: null,
        ...(definition !== undefined ? { definition: definition as object } : {}),
      })
      .where(`id = :id AND status = 'failed'`, { id })
      .returning('id')
      .execute();
    if (!result.affected) return null;
    return this.findById(id);
  }

  /**
   * A worker stopping (SIGTERM) hands a running run back to the queue: `queued` again, with its
   * segment's usage and last event id recorded. `started_at` stays set, which is how the next
   * worker tells a handed-back run (continue from the checkpoint) from a new one. False when the
   * run was no longer running (ended by someone else meanwhile).
   */
  async handBack(
    id: string,
    outcome: Omit<RunOutcome, 'status' | 'errorInfo'>,
    manager?: EntityManager,
  ): Promise<boolean> {
    const result = await (manager ?? this.runs.manager)
      .createQueryBuilder(WorkflowExecutionEntity, 'r')
      .update()
      .set({
        status: 'queued',
        currentNode: outcome.currentNode,
        lastEventId: outcome.lastEventId,
        promptTokens: () => 'prompt_tokens + :promptTokens',
        completionTokens: () => 'completion_tokens + :completionTokens',
        costUsd: () => 'cost_usd + :costUsd',
      })
      .where(`id = :id AND status = 'running'`, { id })
      .setParameters({
        promptTokens: outcome.usage.promptTokens,
        completionTokens: outcome.usage.completionTokens,
        costUsd: outcome.usage.costUsd,
      })
      .returning('id')
      .execute();
    // The segment's tokens were spent even though the run goes on elsewhere.
    if (result.affected)
      this.metrics?.recordTokens(outcome.usage.promptTokens, outcome.usage.completionTokens);
    return !!result.affected;
  }

  /** Atomically takes a handed-back run (queued, already started once) to `running`; null otherwise. */
  async claimHandedBack(id: string): Promise<WorkflowExecutionEntity | null> {
    const result = await this.runs
      .createQueryBuilder()
      .update()
      .set({ status: 'running' })
      .where(`id = :id AND status = 'queued' AND started_at IS NOT NULL`, { id })
      .returning('id')
      .execute();
    if (!result.affected) return null;
    return this.findById(id);
  }

  /** After events were published for the run from outside its executor (lost-run `done`). */
  async setLastEventId(id: string, lastEventId: number): Promise<void> {
    await this.runs.update({ id }, { lastEventId });
  }

  /**
   * Records how a run segment ended: status, error, usage added to the totals, node counters
   * (counted from the step rows: flush the segment's steps first, in the same transaction).
   * Returns the run's totals over all segments.
   */
  async settle(id: string, outcome: RunOutcome, manager?: EntityManager): Promise<RunTotals> {
    const final = FINAL_STATES.includes(outcome.status);
    const updated = await (manager ?? this.runs.manager)
      .createQueryBuilder(WorkflowExecutionEntity, 'r')
      .update()
      .set({
        status: outcome.status,
        errorInfo: outcome.errorInfo,
        currentNode: outcome.currentNode,
        lastEventId: outcome.lastEventId,
        promptTokens: () => 'prompt_tokens + :promptTokens',
        completionTokens: () => 'completion_tokens + :completionTokens',
        costUsd: () => 'cost_usd + :costUsd',
        nodesCompleted: () =>
          `(SELECT count(*) FROM workflow_execution_steps s WHERE s.run_id = workflow_executions.id AND s.status = 'completed')`,
        nodesFailed: () =>
          `(SELECT count(*) FROM workflow_execution_steps s WHERE s.run_id = workflow_executions.id AND s.status = 'failed')`,
        pausedAt: outcome.status === 'paused' ? () => 'now()' : null,
        ...(final ? { completedAt: () => 'now()' } : {}),
      })
      .where('id = :id', { id })
      .setParameters({
        promptTokens: outcome.usage.promptTokens,
        completionTokens: outcome.usage.completionTokens,
        costUsd: outcome.usage.costUsd,
      })
      .returning('started_at, completed_at, prompt_tokens, completion_tokens, cost_usd')
      .execute();
    // Metrics here rather than in the run service: every way a run segment ends goes through it.
    this.metrics?.recordTokens(outcome.usage.promptTokens, outcome.usage.completionTokens);
    const row = (
      updated.raw as {
        started_at: Date | null;
        completed_at: Date | null;
        prompt_tokens: number;
        completion_tokens: number;
        cost_usd: string;
      }[]
    )[0];
    if (final && row) this.metrics?.recordRunEnd(outcome.status, row.started_at, row.completed_at);
    return row
      ? {
          promptTokens: Number(row.prompt_tokens),
          completionTokens: Number(row.completion_tokens),
          costUsd: Number(row.cost_usd),
        }
      : outcome.usage;
  }

  /**
   * Ends a run that its executor cannot end itself (worker lost, job timeout, cancel of a queued
   * or paused run). Only an unfinished run changes; true when this call ended it.
   */
  async endUnfinished(
    id: string,
    status: 'failed' | 'cancelled',
    errorInfo: RunErrorInfo,
  ): Promise<WorkflowExecutionEntity | null> {
    const result = await this.runs
      .createQueryBuilder()
      .update()
      .set({ status, errorInfo, completedAt: () => 'now()' })
      .where(`id = :id AND status IN ('queued', 'running', 'paused')`, { id })
      .returning('*')
      .execute();
    if ((result.affected ?? 0) === 0) return null;
    const ended = await this.findById(id);
    this.metrics?.recordRunEnd(status, ended?.startedAt ?? null, ended?.completedAt ?? null);
    return ended;
  }

  /**
   * Runs still `queued`/`running` long after they could have finished belong to a process that
   * died: mark them failed so none stays `running` forever. Returns their ids.
   */
  async failAbandoned(startedBefore: Date): Promise<string[]> {
    const result = await this.runs
      .createQueryBuilder()
      .update()
      .set({
        status: 'failed',
        completedAt: () => 'now()',
        errorInfo: {
          code: 'run_abandoned',
          message: 'The process executing this run stopped before it finished',
        },
      })
      .where(`status IN ('queued', 'running') AND COALESCE(started_at, created_at) < :startedBefore`, {
        startedBefore,
      })
      .returning('id')
      .execute();
    const ids = (result.raw as Array<{ id: string }>).map((r) => r.id);
    if (ids.length > 0) this.metrics?.runsTotal.inc({ status: 'failed' }, ids.length);
    return ids;
  }

  /**
   * Chat turns (run through the run queue) in `status` since before `since` (started_at for
   * `running`, created_at for `queued`): the sweep asks the queue where each of them is. Oldest
   * first, at most `limit`.
   */
  async findQueuedChatRunIds(status: 'running' | 'queued', since: Date, limit: number): Promise<string[]> {
    const rows = await this.runs
      .createQueryBuilder('r')
      .select('r.id', 'id')
      .where(`r.status = :status AND r.kind = 'chat' AND r.chat_id IS NOT NULL`, { status })
      .andWhere(`${status === 'running' ? 'r.started_at' : 'r.created_at'} < :since`, { since })
      .orderBy('r.created_at', 'ASC')
      .limit(limit)
      .getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }

  /** Threads of runs finished before `before` that still have checkpoints (retention job). */
  async findFinishedThreadsWithCheckpoints(before: Date, limit: number): Promise<string[]> {
    const rows: Array<{ thread_id: string }> = await this.runs.query(
      `SELECT r.thread_id
         FROM workflow_executions r
        WHERE r.status IN ('completed', 'failed', 'cancelled') AND r.completed_at < $1
          AND EXISTS (SELECT 1 FROM checkpoints c WHERE c.thread_id = r.thread_id)
        ORDER BY r.completed_at
        LIMIT $2`,
      [before, limit],
    );
    return rows.map((r) => r.thread_id);
  }

  /** An agent's runs, newest first (index `workflow_executions_agent_idx`), optionally by status and kind. */
  listForAgent(
    agentId: string,
    filter: { status?: RunState; kind?: RunKind },
    page: number,
    pageSize: number,
  ): Promise<[WorkflowExecutionEntity[], number]> {
    return this.runs.findAndCount({
      where: {
        agentId,
        ...(filter.status ? { status: filter.status } : {}),
        ...(filter.kind ? { kind: filter.kind } : {}),
      },
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
  }
}
