import type { McpServerStatus, McpTransport } from '@agenthub/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** bigint counters arrive from pg as strings; they stay far below 2^53. */
const bigintAsNumber = { to: (v: number) => v, from: (v: string | number) => Number(v) };

@Entity({ name: 'mcp_servers' })
export class McpServerEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Unique: workflows refer to servers by name. */
  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'text' })
  url!: string;

  @Column({ type: 'text' })
  transport!: McpTransport;

  /** Header values encrypted as `{"$enc": …}`. */
  @Column({ type: 'jsonb' })
  headers!: Record<string, unknown>;

  @Column({ name: 'owner_id', type: 'uuid', nullable: true })
  ownerId!: string | null;

  @Column({ type: 'text' })
  status!: McpServerStatus;

  @Column({ name: 'last_health_check', type: 'timestamptz', nullable: true })
  lastHealthCheck!: Date | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'tools_refreshed_at', type: 'timestamptz', nullable: true })
  toolsRefreshedAt!: Date | null;

  @Column({ name: 'calls_total', type: 'bigint', transformer: bigintAsNumber })
  callsTotal!: number;

  @Column({ name: 'calls_succeeded', type: 'bigint', transformer: bigintAsNumber })
  callsSucceeded!: number;

  @Column({ name: 'avg_latency_ms', type: 'double precision' })
  avgLatencyMs!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
