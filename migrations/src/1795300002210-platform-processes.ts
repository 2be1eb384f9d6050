import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `platform_processes`: the last heartbeat of each API and worker process of the platform (one
 * row per process, upserted every PLATFORM_HEARTBEAT_INTERVAL_SEC). Status is derived on read
 * (down after 3 intervals of silence); rows silent for a day are pruned by the heartbeats.
 */
export class PlatformProcesses1795300002210 implements MigrationInterface {
  name = 'PlatformProcesses1795300002210';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE platform_processes (
        id text PRIMARY KEY,
        role text NOT NULL,
        version text NOT NULL,
        host text NOT NULL,
        pid integer NOT NULL,
        uptime_sec integer NOT NULL,
        active_runs integer NOT NULL,
        memory_mb double precision NOT NULL,
        interval_sec integer NOT NULL,
        started_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT platform_processes_role_known CHECK (role IN ('api', 'worker'))
      )`);
    await q.query(`CREATE INDEX platform_processes_last_seen_idx ON platform_processes (last_seen_at DESC)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE platform_processes`);
  }
}
