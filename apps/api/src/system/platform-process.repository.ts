import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { PlatformProcessEntity } from './platform-process.entity.js';

export type ProcessBeat = Omit<PlatformProcessEntity, 'lastSeenAt'>;

/** Rows silent this long are deleted by the next heartbeat of any process. */
const PRUNE_AFTER = '1 day';

@Injectable()
export class PlatformProcessRepository {
  constructor(
    @InjectRepository(PlatformProcessEntity) private readonly processes: Repository<PlatformProcessEntity>,
  ) {}

  /** Insert or refresh this process's row (last_seen_at = the database's now()) and prune old ones. */
  async beat(b: ProcessBeat): Promise<void> {
    await this.processes.query(
      `INSERT INTO platform_processes
         (id, role, version, host, pid, uptime_sec, active_runs, memory_mb, interval_sec, started_at, last_seen_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now())
       ON CONFLICT (id) DO UPDATE SET
         uptime_sec = EXCLUDED.uptime_sec, active_runs = EXCLUDED.active_runs, memory_mb = EXCLUDED.memory_mb,
         interval_sec = EXCLUDED.interval_sec, last_seen_at = now()`,
      [
        b.id,
        b.role,
        b.version,
        b.host,
        b.pid,
        b.uptimeSec,
        b.activeRuns,
        b.memoryMb,
        b.intervalSec,
        b.startedAt,
      ],
    );
    await this.processes.query(
      `DELETE FROM platform_processes WHERE last_seen_at < now() - interval '${PRUNE_AFTER}'`,
    );
  }

  /** Newest heartbeat first, with the database clock to judge silence against. */
  async list(): Promise<{ rows: PlatformProcessEntity[]; now: Date }> {
    const [rows, [clock]] = await Promise.all([
      this.processes.find({ order: { lastSeenAt: 'DESC', id: 'ASC' } }),
      this.processes.query(`SELECT now() AS now`) as Promise<Array<{ now: Date }>>,
    ]);
    return { rows, now: clock!.now };
  }
}
