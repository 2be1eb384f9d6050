import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import {
  createPostgresCheckpointer,
  deleteCheckpoints,
  DeferringCheckpointer,
  setupCheckpointer,
} from '@agenthub/engine';
import type { Pool } from 'pg';
import { retryWithBackoff } from '../common/retry.util.js';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';

/** How long a checkpoint read or write is retried before the run's node fails with it. */
const CHECKPOINT_RETRY_MS = 60_000;

export type Checkpointer = ReturnType<typeof createPostgresCheckpointer>;

/**
 * LangGraph checkpoints (PostgresSaver) on the API's own database pool; thread id = run id.
 * The tables come from the runtime migration; `setupCheckpointer` at boot is then a no-op that
 * only matters when migrations are run separately, and it holds an advisory lock so replicas
 * booting together never race.
 *
 * `saver` (what graphs are compiled with) is a DeferringCheckpointer around it: the run service
 * marks a new run's thread `fresh` (its start-of-run read is skipped) or, for inline chat runs,
 * `defer`s its writes until it knows the outcome — see RunService.checkpointPolicy. Its reads and
 * writes are retried with backoff for up to a minute (they are idempotent upserts), so a database
 * restart pauses a run instead of failing its node.
 */
@Injectable()
export class CheckpointStore implements OnModuleInit {
  readonly saver: DeferringCheckpointer;
  private readonly postgres: Checkpointer;
  private readonly pool: Pool;

  constructor(dataSource: DataSource) {
    this.pool = (dataSource.driver as PostgresDriver).master as Pool;
    this.postgres = createPostgresCheckpointer(this.pool);
    const logger = new Logger('CheckpointStore');
    this.saver = new DeferringCheckpointer(this.postgres, {
      retry: (what, call) => retryWithBackoff(call, { what, logger, giveUpAfterMs: CHECKPOINT_RETRY_MS }),
    });
  }

  async onModuleInit(): Promise<void> {
    await setupCheckpointer(this.pool);
  }

  deleteThreads(threadIds: string[]): Promise<void> {
    return deleteCheckpoints(this.postgres, threadIds);
  }
}
