import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  Optional,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
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
 * The periodic MCP health check: an unref'd timer, so it never keeps the process alive. It runs
 * in every API process, in both queue modes, and never in a worker (no HTTP adapter there). With
 * several API replicas each one checks every server: harmless (a check is one idempotent probe
 * and one UPDATE of the server's health columns), just N probes per interval instead of one.
 */
@Injectable()
export class McpHealthScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('McpHealth');
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly config: AppConfig,
    private readonly servers: McpServerService,
    @Optional() private readonly http?: HttpAdapterHost,
  ) {}

  onApplicationBootstrap(): void {
    const interval = parseHealthInterval(this.config.env[MCP_HEALTH_INTERVAL_ENV]);
    // A worker is a Nest application context: it has no HTTP adapter, and does not check.
    const isApiProcess = this.http?.httpAdapter !== undefined && this.http.httpAdapter !== null;
    if (interval === 0 || !isApiProcess) return;
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
