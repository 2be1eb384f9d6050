import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The SQL of `PostgresSaver.setup()` from @langchain/langgraph-checkpoint-postgres 1.0.5, frozen
 * here. Running it from a migration creates the checkpoint tables exactly once (concurrent
 * `setup()` calls from several processes fail on duplicate keys). Versions 0..4 are recorded in
 * `checkpoint_migrations`, so a later `setup()` of this library version is a no-op and a newer
 * library only applies its own additions.
 */
const CHECKPOINT_SETUP_SQL = [
  `CREATE TABLE IF NOT EXISTS checkpoint_migrations (
    v INTEGER PRIMARY KEY
  )`,
  `CREATE TABLE IF NOT EXISTS checkpoints (
    thread_id TEXT NOT NULL,
    checkpoint_ns TEXT NOT NULL DEFAULT '',
    checkpoint_id TEXT NOT NULL,
    parent_checkpoint_id TEXT,
    type TEXT,
    checkpoint JSONB NOT NULL,
    metadata JSONB NOT NULL DEFAULT '{}',
    PRIMARY KEY (thread_id, checkpoint_ns, checkpoint_id)
  )`,
  `CREATE TABLE IF NOT EXISTS checkpoint_blobs (
    thread_id TEXT NOT NULL,
    checkpoint_ns TEXT NOT NULL DEFAULT '',
    channel TEXT NOT NULL,
    version TEXT NOT NULL,
    type TEXT NOT NULL,
    blob BYTEA,
    PRIMARY KEY (thread_id, checkpoint_ns, channel, version)
  )`,
  `CREATE TABLE IF NOT EXISTS checkpoint_writes (
    thread_id TEXT NOT NULL,
    checkpoint_ns TEXT NOT NULL DEFAULT '',
    checkpoint_id TEXT NOT NULL,
    task_id TEXT NOT NULL,
    idx INTEGER NOT NULL,
    channel TEXT NOT NULL,
    type TEXT,
    blob BYTEA NOT NULL,
    PRIMARY KEY (thread_id, checkpoint_ns, checkpoint_id, task_id, idx)
  )`,
  `ALTER TABLE checkpoint_blobs ALTER COLUMN blob DROP NOT NULL`,
];

/**
 * Runtime: recorded runs (`workflow_executions`, id = run id = LangGraph thread id) with their
 * per-node trace (`workflow_execution_steps`), and the LangGraph checkpoint tables.
 * Chats do not exist yet, so `chat_id` / `message_id` carry no foreign key (the chat migration
 * adds them).
 */
export class Runtime1795300000400 implements MigrationInterface {
  name = 'Runtime1795300000400';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE workflow_executions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        -- One checkpoint thread per run: the chat history is the run's input, so checkpoints stay small.
        thread_id text GENERATED ALWAYS AS (id::text) STORED,
        kind text NOT NULL,
        status text NOT NULL DEFAULT 'queued',
        chat_id uuid,
        message_id uuid,
        agent_id uuid NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
        agent_version_id uuid REFERENCES agent_versions (id) ON DELETE SET NULL,
        agent_version text,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        -- What a resume needs to rebuild the same graph (checkpoints are tied to its shape).
        definition jsonb NOT NULL,
        run_options jsonb NOT NULL DEFAULT '{}'::jsonb,
        step_limit integer NOT NULL,
        current_node text,
        nodes_total integer NOT NULL DEFAULT 0,
        nodes_completed integer NOT NULL DEFAULT 0,
        nodes_failed integer NOT NULL DEFAULT 0,
        error_info jsonb,
        prompt_tokens integer NOT NULL DEFAULT 0,
        completion_tokens integer NOT NULL DEFAULT 0,
        cost_usd numeric(18, 8) NOT NULL DEFAULT 0,
        -- Last SSE event id sent for this run, so a resumed run keeps ids monotonic.
        last_event_id integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        paused_at timestamptz,
        completed_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT workflow_executions_kind_known CHECK (kind IN ('test', 'chat')),
        CONSTRAINT workflow_executions_status_known
          CHECK (status IN ('queued', 'running', 'paused', 'completed', 'failed', 'cancelled')),
        CONSTRAINT workflow_executions_step_limit_positive CHECK (step_limit > 0)
      )`);
    await q.query(
      `CREATE INDEX workflow_executions_user_idx ON workflow_executions (user_id, created_at DESC)`,
    );
    await q.query(
      `CREATE INDEX workflow_executions_agent_idx ON workflow_executions (agent_id, created_at DESC)`,
    );
    await q.query(
      `CREATE INDEX workflow_executions_chat_idx ON workflow_executions (chat_id, created_at) WHERE chat_id IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX workflow_executions_version_idx ON workflow_executions (agent_version_id) WHERE agent_version_id IS NOT NULL`,
    );
    // Checkpoint retention looks up finished runs by age; the stale-run sweep looks up live ones.
    await q.query(
      `CREATE INDEX workflow_executions_finished_idx ON workflow_executions (completed_at)
         WHERE status IN ('completed', 'failed', 'cancelled')`,
    );
    await q.query(
      `CREATE INDEX workflow_executions_live_idx ON workflow_executions (started_at)
         WHERE status IN ('queued', 'running')`,
    );

    await q.query(`
      CREATE TABLE workflow_execution_steps (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        run_id uuid NOT NULL REFERENCES workflow_executions (id) ON DELETE CASCADE,
        seq integer NOT NULL,
        node_id text NOT NULL,
        node_type text NOT NULL,
        status text NOT NULL,
        attempt integer NOT NULL DEFAULT 1,
        input jsonb,
        output jsonb,
        error jsonb,
        duration_ms double precision,
        prompt_tokens integer NOT NULL DEFAULT 0,
        completion_tokens integer NOT NULL DEFAULT 0,
        cost_usd numeric(18, 8) NOT NULL DEFAULT 0,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        CONSTRAINT workflow_execution_steps_status_known
          CHECK (status IN ('running', 'completed', 'failed', 'paused', 'cancelled'))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX workflow_execution_steps_run_seq_uq ON workflow_execution_steps (run_id, seq)`,
    );

    for (const sql of CHECKPOINT_SETUP_SQL) await q.query(sql);
    for (let v = 0; v < CHECKPOINT_SETUP_SQL.length; v++)
      await q.query(`INSERT INTO checkpoint_migrations (v) VALUES ($1) ON CONFLICT (v) DO NOTHING`, [v]);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS checkpoint_writes`);
    await q.query(`DROP TABLE IF EXISTS checkpoint_blobs`);
    await q.query(`DROP TABLE IF EXISTS checkpoints`);
    await q.query(`DROP TABLE IF EXISTS checkpoint_migrations`);
    await q.query(`DROP TABLE workflow_execution_steps`);
    await q.query(`DROP TABLE workflow_executions`);
  }
}
