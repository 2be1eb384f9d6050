import {
  type DynamicModule,
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config.js';

/** Injection token of the shared ioredis client, or `null` when REDIS_URL is not set. */
export const REDIS = Symbol('REDIS');
export const InjectRedis = (): ParameterDecorator => Inject(REDIS);

export interface RedisModuleOptions {
  /** The worker cannot do anything without Redis: fail boot instead of running degraded. */
  required?: boolean;
}

@Injectable()
class RedisLifecycle implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis | null) {}

  async onApplicationShutdown(): Promise<void> {
    if (!this.redis || this.redis.status === 'end') return;
    // QUIT would wait in the offline queue of a client that is still trying to reconnect.
    if (this.redis.status !== 'ready') return this.redis.disconnect();
    const redis = this.redis;
    // QUIT resolves on the server's reply; wait for the socket itself to close.
    const ended = new Promise<void>((resolve) => redis.once('end', () => resolve()));
    await redis.quit().catch(() => redis.disconnect());
    await ended;
  }
}

/**
 * One ioredis client per process. Keys are namespaced with REDIS_KEY_PREFIX through ioredis'
 * `keyPrefix`, so tests and several deployments can share one Redis. (BullMQ takes its own
 * `prefix` option and connections; do not hand it this client.)
 */
@Global()
@Module({})
export class RedisModule {
  static forRoot(options: RedisModuleOptions = {}): DynamicModule {
    return {
      module: RedisModule,
      providers: [
        {
          provide: REDIS,
          inject: [AppConfig],
          useFactory: async (config: AppConfig): Promise<Redis | null> => {
            const logger = new Logger('Redis');
            if (!config.redisUrl) {
              if (options.required) throw new Error('REDIS_URL is required');
              return null;
            }
            const client = new Redis(config.redisUrl, {
              keyPrefix: config.redisKeyPrefix,
              lazyConnect: true,
              maxRetriesPerRequest: 2,
              connectTimeout: 5000,
              // While Redis is unreachable, commands fail at once instead of queueing: callers
              // (login limiter, health) degrade immediately rather than hang each request.
              enableOfflineQueue: false,
              // ioredis arms this timer even for a socket that never connected; keep shutdown quick.
              disconnectTimeout: 500,
            });
            client.on('error', (err: Error) => logger.warn(`Redis error: ${err.message}`));
            try {
              await client.connect();
            } catch (err) {
              if (options.required) {
                client.disconnect();
                throw err;
              }
              // The API keeps serving without Redis; /api/health reports it as down.
              logger.error(`Cannot connect to Redis at startup: ${(err as Error).message}`);
            }
            return client;
          },
        },
        RedisLifecycle,
      ],
      exports: [REDIS],
    };
  }
}
