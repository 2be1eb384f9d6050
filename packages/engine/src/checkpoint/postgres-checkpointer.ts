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
  return new PostgresSaver(pool, undefined, { schema: options.schema ?? 'public' });
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
