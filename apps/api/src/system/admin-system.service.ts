import { Injectable, Optional } from '@nestjs/common';
import type { PlatformProcess, SystemSummary } from '@agenthub/contracts';
import { heartbeatStatus } from '../common/heartbeat.rules.js';
import { AppConfig } from '../config/app-config.js';
import { allEnvVars } from '../config/env-catalogue.js';
import { HealthService } from '../observability/health.service.js';
import { RunQueue } from '../queue/run-queue.port.js';
import { RunStatsQuery } from '../runtime/run-stats.query.js';
import { PlatformProcessRepository } from './platform-process.repository.js';
import { ProcessHeartbeatService } from './process-heartbeat.service.js';
import { configInForce } from './system-config.rules.js';

const DAY_MS = 86_400_000;
const FAILED_SHOWN = 20;

/** The admin system page: processes, queue, last day's runs, health and configuration. */
@Injectable()
export class AdminSystemService {
  constructor(
    private readonly processes: PlatformProcessRepository,
    private readonly heartbeat: ProcessHeartbeatService,
    private readonly health: HealthService,
    private readonly runs: RunStatsQuery,
    private readonly config: AppConfig,
    @Optional() private readonly queue?: RunQueue,
  ) {}

  async summary(): Promise<SystemSummary> {
    const [health, list, counts, recent] = await Promise.all([
      this.health.check(),
      this.listProcesses(),
      this.queue ? this.queue.counts().catch(() => null) : Promise.resolve(null),
      this.runs.recent(new Date(Date.now() - DAY_MS), FAILED_SHOWN),
    ]);
    return {
      health,
      processes: list,
      queue: {
        mode: this.config.queueMode,
        waiting: counts?.waiting ?? null,
        active: counts?.active ?? null,
        oldestWaitingAt: recent.oldestQueuedAt,
      },
      runs24h: { byStatus: recent.byStatus, failed: recent.failed },
      config: configInForce(allEnvVars(), this.config.env),
    };
  }

  async listProcesses(): Promise<PlatformProcess[]> {
    const { rows, now } = await this.processes.list();
    return rows.map((p) => ({
      id: p.id,
      role: p.role,
      version: p.version,
      host: p.host,
      pid: p.pid,
      uptimeSec: p.uptimeSec,
      activeRuns: p.activeRuns,
      memoryMb: p.memoryMb,
      intervalSec: p.intervalSec,
      status: heartbeatStatus(p.lastSeenAt, p.intervalSec, now),
      startedAt: p.startedAt.toISOString(),
      lastSeenAt: p.lastSeenAt.toISOString(),
      self: p.id === this.heartbeat.processId,
    }));
  }
}
