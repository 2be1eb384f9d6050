import { Injectable, Optional } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { RunQueue } from '../queue/run-queue.port.js';
import { InjectRedis } from '../redis/redis.module.js';

export type CheckStatus = 'up' | 'down' | 'disabled';
export interface HealthReport {
  status: 'ok' | 'error';
  mode: 'embedded' | 'distributed';
  checks: {
    database: { status: CheckStatus; error?: string };
    redis: { status: CheckStatus; error?: string };
    /** The run queue answers `counts()` (inline: always; bullmq: its Redis connection). */
    queue: { status: CheckStatus; error?: string };
  };
}

/**
 * Every check gives up after this long, all run at once: a dependency that hangs (Redis
 * restarting, PostgreSQL not accepting connections) makes /health answer 503 naming it within a
 * second, never hang the probe (load balancers and orchestrators time out around 1 s).
 */
export const HEALTH_CHECK_TIMEOUT_MS = 750;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function probe(check: () => Promise<unknown>): Promise<{ status: CheckStatus; error?: string }> {
  try {
    await withTimeout(check(), HEALTH_CHECK_TIMEOUT_MS);
    return { status: 'up' };
  } catch (err) {
    return { status: 'down', error: err instanceof Error ? err.message : String(err) };
  }
}

@Injectable()
export class HealthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    @InjectRedis() private readonly redis: Redis | null,
    @Optional() private readonly queue?: RunQueue,
  ) {}

  async check(): Promise<HealthReport> {
    const [database, redis, queue] = await Promise.all([
      probe(async () => {
        if (!this.dataSource.isInitialized) throw new Error('connection pool is closed');
        await this.dataSource.query('SELECT 1');
      }),
      this.redis ? probe(() => this.redis!.ping()) : Promise.resolve({ status: 'disabled' as const }),
      this.queue ? probe(() => this.queue!.counts()) : Promise.resolve({ status: 'disabled' as const }),
    ]);
    const ok = database.status === 'up' && redis.status !== 'down' && queue.status !== 'down';
    return {
      status: ok ? 'ok' : 'error',
      mode: this.config.embedded ? 'embedded' : 'distributed',
      checks: { database, redis, queue },
    };
  }
}
