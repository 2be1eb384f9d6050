import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `runtime_instances`: the last heartbeat of each `agenthub serve` process, one row per owner and
 * instance id (the heartbeat upserts it). Status is derived on read (down after 3 intervals of
 * silence), so nothing has to sweep the table; the index serves "newest first" lists.
 */
export class RuntimeInstances1795300001400 implements MigrationInterface {
  name = 'RuntimeInstances1795300001400';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE runtime_instances (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        instance_id text NOT NULL,
        api_key_id uuid REFERENCES api_keys (id) ON DELETE SET NULL,
        agent_slug text,
        version text NOT NULL,
        host text NOT NULL,
        uptime_sec integer NOT NULL,
        active_sessions integer NOT NULL,
        memory_mb double precision NOT NULL,
        interval_sec integer NOT NULL,
        first_seen_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT runtime_instances_owner_instance_uq UNIQUE (owner_id, instance_id)
      )`);
    await q.query(`CREATE INDEX runtime_instances_last_seen_idx ON runtime_instances (last_seen_at DESC)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE runtime_instances`);
  }
}
