import { Injectable, Logger, type OnModuleInit, Optional } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { RunQueue } from '../../queue/run-queue.port.js';
import { McpServerService } from './mcp-server.service.js';

export const MCP_HEALTH_INTERVAL_ENV = 'MCP_HEALTH_INTERVAL_MS';
export const DEFAULT_MCP_HEALTH_INTERVAL_MS = 300_000;

/** `MCP_HEALTH_INTERVAL_MS`: a non-negative integer; 0 turns the periodic check off. */
export function parseHealthInterval(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return DEFAULT_MCP_HEALTH_INTERVAL_MS;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(
      `${MCP_HEALTH_INTERVAL_ENV}: expected a whole number of milliseconds (0 = off), got ${JSON.stringify(raw)}`,
    );
  }
  return value;
}

/**
 * The periodic MCP health check: the run queue's `mcpHealth` periodic job (queue/jobs.ts), every
 * MCP_HEALTH_INTERVAL_MS once per cluster — bullmq: a BullMQ job scheduler whose each tick one
 * API or worker process takes; inline: the API's in-process scheduler. 0 turns it off (bullmq:
 * the scheduler is removed). Registered in every process that has the run queue, so each can take
 * a tick; a check is one idempotent probe and one UPDATE of the server's health columns.
 */
@Injectable()
export class McpHealthScheduler implements OnModuleInit {
  private readonly logger = new Logger('McpHealth');
  private running = false;

  constructor(
    private readonly config: AppConfig,
    private readonly servers: McpServerService,
    @Optional() private readonly queue?: RunQueue,
  ) {}

  /** Before the queue starts (onApplicationBootstrap): the interval is validated here, at boot. */
  onModuleInit(): void {
    const interval = parseHealthInterval(this.config.env[MCP_HEALTH_INTERVAL_ENV]);
    this.queue?.onPeriodic('mcpHealth', interval, () => this.tick());
  }

  /** One round; skipped while the previous one still runs in this process. */
  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.servers.checkAll();
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'MCP health round failed');
    } finally {
      this.running = false;
    }
  }
}
