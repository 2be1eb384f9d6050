import { Injectable, type OnModuleInit } from '@nestjs/common';
import {
  createPostgresCheckpointer,
  deleteCheckpoints,
  DeferringCheckpointer,
  setupCheckpointer,
} from '@agenthub/engine';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';

export type Checkpointer = ReturnType<typeof createPostgresCheckpointer>;

/**
 * LangGraph checkpoints (PostgresSaver) on the API's own database pool; thread id = run id.
 * The tables come from the runtime migration; `setupCheckpointer` at boot is then a no-op that
 * only matters when migrations are run separately, and it holds an advisory lock so replicas
 * booting together never race.
 *
 * `saver` (what graphs are compiled with) is a DeferringCheckpointer around it: the run service
 * marks a new run's thread `fresh` (its start-of-run read is skipped) or, for inline chat runs,
 * `defer`s its writes until it knows the outcome — see RunService.checkpointPolicy.
 */
@Injectable()
export class CheckpointStore implements OnModuleInit {
  readonly saver: DeferringCheckpointer;
  private readonly postgres: Checkpointer;
  private readonly pool: Pool;

  constructor(dataSource: DataSource) {
    this.pool = (dataSource.driver as PostgresDriver).master as Pool;
    this.postgres = createPostgresCheckpointer(this.pool);
    this.saver = new DeferringCheckpointer(this.postgres);
  }

  async onModuleInit(): Promise<void> {
    await setupCheckpointer(this.pool);
  }

  deleteThreads(threadIds: string[]): Promise<void> {
    return deleteCheckpoints(this.postgres, threadIds);
  }
}
