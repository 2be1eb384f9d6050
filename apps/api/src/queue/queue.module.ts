import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Global,
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';
import { BullmqRunQueue, type BullmqRole } from './bullmq-run.queue.js';
import { InlineRunQueue } from './inline-run.queue.js';
import { MemoryRunEventBus } from './memory-run-event.bus.js';
import { parseQueueSettings, QUEUE_SETTINGS, type QueueSettings } from './queue-settings.js';
import { RedisRunEventBus } from './redis-run-event.bus.js';
import { RunEventBus } from './run-event-bus.port.js';
import { RunQueue } from './run-queue.port.js';

export interface QueueModuleOptions {
  /** `api` for main.ts (executes runs only in inline mode), `worker` for worker.ts. */
  role: BullmqRole;
}

/**
 * Starts the queue once every module has registered its handler (onModuleInit runs before
 * onApplicationBootstrap), so a missing handler stops the boot. On shutdown, active runs are
 * handed back first (beforeApplicationShutdown: the database pool, closed in
 * onApplicationShutdown, is still open to record the hand-back), then connections close.
 */
@Injectable()
class QueueLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    private readonly queue: RunQueue,
    private readonly bus: RunEventBus,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.queue.handBackActive();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
    await this.bus.close();
  }
}

/**
 * Provides the RunQueue and RunEventBus ports, with adapters picked by QUEUE_MODE: inline
 * (in-process queue, in-memory events) or bullmq (BullMQ on REDIS_URL, Redis Streams). Global:
 * imported once by the root module of each process with its role; feature modules inject the ports.
 */
@Global()
@Module({})
export class QueueModule {
  static forRoot(options: QueueModuleOptions): DynamicModule {
    return {
      module: QueueModule,
      providers: [
        {
          provide: QUEUE_SETTINGS,
          inject: [AppConfig],
          useFactory: (config: AppConfig) => parseQueueSettings(config.env),
        },
        {
          provide: RunEventBus,
          inject: [AppConfig, QUEUE_SETTINGS],
          useFactory: (config: AppConfig, settings: QueueSettings): RunEventBus =>
            config.queueMode === 'bullmq'
              ? new RedisRunEventBus({
                  redisUrl: requireRedisUrl(config),
                  keyPrefix: config.redisKeyPrefix,
                  settings,
                })
              : new MemoryRunEventBus(settings),
        },
        {
          provide: RunQueue,
          inject: [AppConfig, QUEUE_SETTINGS],
          useFactory: (config: AppConfig, settings: QueueSettings): RunQueue => {
            if (config.queueMode === 'bullmq')
              return new BullmqRunQueue({
                redisUrl: requireRedisUrl(config),
                keyPrefix: config.redisKeyPrefix,
                role: options.role,
                settings,
              });
            if (options.role === 'worker')
              throw new Error(
                'QUEUE_MODE=inline executes runs in the API process: a worker needs QUEUE_MODE=bullmq',
              );
            new Logger('QueueModule').log(`Inline run queue, concurrency ${settings.concurrency}`);
            return new InlineRunQueue(settings);
          },
        },
        QueueLifecycle,
      ],
      exports: [RunQueue, RunEventBus, QUEUE_SETTINGS],
    };
  }
}

function requireRedisUrl(config: AppConfig): string {
  // The config schema already rejects bullmq without REDIS_URL; this keeps the type honest.
  if (!config.redisUrl) throw new Error('QUEUE_MODE=bullmq needs REDIS_URL');
  return config.redisUrl;
}
