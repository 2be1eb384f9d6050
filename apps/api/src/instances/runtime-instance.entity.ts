import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One `agenthub serve` process as last reported by its heartbeat (unique per owner and instance id). */
@Entity({ name: 'runtime_instances' })
export class RuntimeInstanceEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId!: string;

  @Column({ name: 'instance_id', type: 'text' })
  instanceId!: string;

  @Column({ name: 'api_key_id', type: 'uuid', nullable: true })
  apiKeyId!: string | null;

  @Column({ name: 'agent_slug', type: 'text', nullable: true })
  agentSlug!: string | null;

  @Column({ type: 'text' })
  version!: string;

  @Column({ type: 'text' })
  host!: string;

  @Column({ name: 'uptime_sec', type: 'integer' })
  uptimeSec!: number;

  @Column({ name: 'active_sessions', type: 'integer' })
  activeSessions!: number;

  @Column({ name: 'memory_mb', type: 'double precision' })
  memoryMb!: number;

  @Column({ name: 'interval_sec', type: 'integer' })
  intervalSec!: number;

  @Column({ name: 'first_seen_at', type: 'timestamptz' })
  firstSeenAt!: Date;

  @Column({ name: 'last_seen_at', type: 'timestamptz' })
  lastSeenAt!: Date;
}
