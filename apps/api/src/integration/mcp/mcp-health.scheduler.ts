import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
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
 * The periodic MCP health check of the embedded (inline) mode: an unref'd timer, so it never
 * keeps the process alive. In BullMQ mode it stays off: a repeatable queue job will run it once
 * per cluster instead of once per replica (queue issue).
 */
@Injectable()
export class McpHealthScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('McpHealth');
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly config: AppConfig,
    private readonly servers: McpServerService,
  ) {}

  onApplicationBootstrap(): void {
    const interval = parseHealthInterval(process.env[MCP_HEALTH_INTERVAL_ENV]);
    if (interval === 0 || this.config.queueMode === 'bullmq') return;
    this.timer = setInterval(() => void this.tick(), interval);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One round; skipped while the previous one still runs. */
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
