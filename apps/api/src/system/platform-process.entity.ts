import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The last heartbeat of one API or worker process (migration 1795300002210). */
@Entity({ name: 'platform_processes' })
export class PlatformProcessEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text' })
  role!: 'api' | 'worker';

  @Column({ type: 'text' })
  version!: string;

  @Column({ type: 'text' })
  host!: string;

  @Column({ type: 'integer' })
  pid!: number;

  @Column({ name: 'uptime_sec', type: 'integer' })
  uptimeSec!: number;

  @Column({ name: 'active_runs', type: 'integer' })
  activeRuns!: number;

  @Column({ name: 'memory_mb', type: 'double precision' })
  memoryMb!: number;

  @Column({ name: 'interval_sec', type: 'integer' })
  intervalSec!: number;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'last_seen_at', type: 'timestamptz' })
  lastSeenAt!: Date;
}
