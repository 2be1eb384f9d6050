import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  Optional,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { RunQueue } from '../queue/run-queue.port.js';
import type { HeartbeatSettings } from './heartbeat.settings.js';
import { PlatformProcessRepository } from './platform-process.repository.js';

export const HEARTBEAT_SETTINGS = Symbol('HEARTBEAT_SETTINGS');
export const PROCESS_ROLE = Symbol('PROCESS_ROLE');
export type ProcessRole = 'api' | 'worker';

const API_PACKAGE_VERSION: string = (
  JSON.parse(readFileSync(resolve(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }
).version;

/**
 * Writes this process's heartbeat to `platform_processes` at start and every interval, so the
 * admin system page lists every API and worker process, embedded or distributed (the database
 * is the one store every process shares). A failed beat is logged and retried at the next tick.
 */
@Injectable()
export class ProcessHeartbeatService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ProcessHeartbeatService.name);
  /** Unique per process start: `<role>:<host>:<pid>:<random>`. */
  readonly processId: string;
  private readonly startedAt = new Date();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly repo: PlatformProcessRepository,
    @Inject(HEARTBEAT_SETTINGS) private readonly settings: HeartbeatSettings,
    @Inject(PROCESS_ROLE) private readonly role: ProcessRole,
    @Optional() private readonly queue?: RunQueue,
  ) {
    this.processId = `${role}:${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => void this.beat(), this.settings.intervalSec * 1000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  async beat(): Promise<void> {
    try {
      await this.repo.beat({
        id: this.processId,
        role: this.role,
        version: API_PACKAGE_VERSION,
        host: hostname(),
        pid: process.pid,
        uptimeSec: Math.floor((Date.now() - this.startedAt.getTime()) / 1000),
        activeRuns: this.queue?.localActive() ?? 0,
        memoryMb: Math.round((process.memoryUsage().rss / 1024 / 1024) * 10) / 10,
        intervalSec: this.settings.intervalSec,
        startedAt: this.startedAt,
      });
    } catch (err) {
      this.logger.warn(`Heartbeat failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
