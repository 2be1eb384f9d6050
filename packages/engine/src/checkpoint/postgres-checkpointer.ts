import type { RunnableConfig } from '@langchain/core/runnables';
import {
  WRITES_IDX_MAP,
  type ChannelVersions,
  type Checkpoint,
  type CheckpointMetadata,
  type PendingWrite,
} from '@langchain/langgraph-checkpoint';
import { PostgresSaver } from '@langchain/langgraph-checkpoint-postgres';
import type { Pool } from 'pg';

/** Arbitrary fixed key so every process serialises the one-time table creation. */
export const CHECKPOINT_SETUP_LOCK_KEY = 727_311_003;

export interface CheckpointerOptions {
  /** Postgres schema for the checkpoint tables; default `public`. */
  schema?: string;
}

/** A PostgresSaver on the API's pool (thread_id = run id). Tables must exist: see setupCheckpointer. */
export function createPostgresCheckpointer(pool: Pool, options: CheckpointerOptions = {}): PostgresSaver {
  return new BatchedPostgresSaver(pool, options.schema ?? 'public');
}

type SqlValue = string | number | Uint8Array | Record<string, unknown> | null | undefined;

/** `(…), (…)` placeholders for `rows`, appending their values to `params`. */
function valuesList(rows: SqlValue[][], params: SqlValue[]): string {
  return rows
    .map((row) => `(${row.map((v) => (params.push(v), `$${params.length}`)).join(', ')})`)
    .join(', ');
}

/**
 * PostgresSaver writing each checkpoint in **one statement**: its blobs and the checkpoint row
 * (a multi-row INSERT in a CTE, atomic as one statement), and a task's writes in one multi-row
 * INSERT. The stock saver sends BEGIN, one INSERT per blob/write and COMMIT — a 2-node run with
 * durability `async` made ~40 round trips. Same tables, same conflict rules, same reads.
 */
class BatchedPostgresSaver extends PostgresSaver {
  private readonly tables: { checkpoints: string; blobs: string; writes: string };

  constructor(
    private readonly db: Pool,
    schema: string,
  ) {
    super(db, undefined, { schema });
    this.tables = {
      checkpoints: `"${schema}".checkpoints`,
      blobs: `"${schema}".checkpoint_blobs`,
      writes: `"${schema}".checkpoint_writes`,
    };
  }

  override async put(
    config: RunnableConfig,
    checkpoint: Checkpoint,
    metadata: CheckpointMetadata,
    newVersions: ChannelVersions,
  ): Promise<RunnableConfig> {
    if (config.configurable === undefined) throw new Error(`Missing "configurable" field in "config" param`);
    const {
      thread_id,
      checkpoint_ns = '',
      checkpoint_id,
    } = config.configurable as {
      thread_id: string;
      checkpoint_ns?: string;
      checkpoint_id?: string;
    };
    const [blobs, serializedMetadata] = await Promise.all([
      this._dumpBlobs(thread_id, checkpoint_ns, checkpoint.channel_values, newVersions),
      this._dumpMetadata(metadata),
    ]);
    const params: SqlValue[] = [];
    const blobCte = blobs.length
      ? `WITH blobs AS (
           INSERT INTO ${this.tables.blobs} (thread_id, checkpoint_ns, channel, version, type, blob)
           VALUES ${valuesList(blobs, params)}
           ON CONFLICT (thread_id, checkpoint_ns, channel, version) DO NOTHING) `
      : '';
    const checkpointRow = valuesList(
      [
        [
          thread_id,
          checkpoint_ns,
          checkpoint.id,
          checkpoint_id,
          this._dumpCheckpoint(checkpoint),
          serializedMetadata as Record<string, unknown>,
        ],
      ],
      params,
    );
    await this.db.query(
      `${blobCte}INSERT INTO ${this.tables.checkpoints}
         (thread_id, checkpoint_ns, checkpoint_id, parent_checkpoint_id, checkpoint, metadata)
       VALUES ${checkpointRow}
       ON CONFLICT (thread_id, checkpoint_ns, checkpoint_id)
       DO UPDATE SET checkpoint = EXCLUDED.checkpoint, metadata = EXCLUDED.metadata`,
      params,
    );
    return { configurable: { thread_id, checkpoint_ns, checkpoint_id: checkpoint.id } };
  }

  override async putWrites(config: RunnableConfig, writes: PendingWrite[], taskId: string): Promise<void> {
    if (writes.length === 0) return;
    const c = config.configurable as { thread_id: string; checkpoint_ns?: string; checkpoint_id: string };
    const dumped = await this._dumpWrites(
      c.thread_id,
      c.checkpoint_ns ?? '',
      c.checkpoint_id,
      taskId,
      writes,
    );
    // One row per (task, idx), the last one winning, as the stock saver's upserts one by one did
    // (a multi-row upsert may not touch a row twice).
    const rows = [...new Map(dumped.map((r) => [r[4], r])).values()];
    // Special writes (errors, interrupts) replace earlier ones; regular writes are kept once.
    const upsert = writes.every((w) => w[0] in WRITES_IDX_MAP);
    const params: SqlValue[] = [];
    await this.db.query(
      `INSERT INTO ${this.tables.writes}
         (thread_id, checkpoint_ns, checkpoint_id, task_id, idx, channel, type, blob)
       VALUES ${valuesList(rows, params)}
       ON CONFLICT (thread_id, checkpoint_ns, checkpoint_id, task_id, idx) ${
         upsert
           ? 'DO UPDATE SET channel = EXCLUDED.channel, type = EXCLUDED.type, blob = EXCLUDED.blob'
           : 'DO NOTHING'
       }`,
      params,
    );
  }
}

/**
 * Creates the checkpoint tables once. `PostgresSaver.setup()` run by several processes at once
 * fails on duplicate keys, so it runs under a transaction-independent advisory lock; call it from
 * the migration step or at boot.
 */
export async function setupCheckpointer(pool: Pool, options: CheckpointerOptions = {}): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [CHECKPOINT_SETUP_LOCK_KEY]);
    try {
      await createPostgresCheckpointer(pool, options).setup();
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [CHECKPOINT_SETUP_LOCK_KEY]);
    }
  } finally {
    client.release();
  }
}

/**
 * Deletes the checkpoints of finished runs (retention job). PostgresSaver has no pruning and the
 * API knows which runs are finished, so it passes their ids.
 */
export async function deleteCheckpoints(saver: PostgresSaver, threadIds: string[]): Promise<void> {
  for (const id of threadIds) await saver.deleteThread(id);
}
