import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfig } from '../../src/config/app-config';
import { ConfigModule } from '../../src/config/config.module';
import { parseSettings } from '../../src/config/config.schema';
import { BullmqRunQueue } from '../../src/queue/bullmq-run.queue';
import { InlineRunQueue } from '../../src/queue/inline-run.queue';
import { MemoryRunEventBus } from '../../src/queue/memory-run-event.bus';
import { QueueModule, type QueueModuleOptions } from '../../src/queue/queue.module';
import { RedisRunEventBus } from '../../src/queue/redis-run-event.bus';
import { RunEventBus } from '../../src/queue/run-event-bus.port';
import { NoRunHandlerError, RunQueue } from '../../src/queue/run-queue.port';
import { describeWithRedis, deleteRedisKeys, TEST_REDIS_URL, uniqueRedisPrefix } from '../helpers/test-redis';
import { collect, EVENTS_PER_RUN, fakeHandler } from './queue-test.fixtures';

function config(env: Record<string, string> = {}): AppConfig {
  const databaseUrl = 'postgres://unused@127.0.0.1/unused';
  const settings = parseSettings({
    DATABASE_URL: databaseUrl,
    MASTER_KEY: randomBytes(32).toString('hex'),
    ...env,
  });
  return new AppConfig(settings, { databaseUrl, masterKey: settings.masterKey!, embedded: false });
}

/** How the run owner (chat runtime) plugs in: registers its handler while modules initialise. */
@Injectable()
class FakeRunOwner implements OnModuleInit {
  constructor(
    private readonly queue: RunQueue,
    private readonly bus: RunEventBus,
  ) {}
  onModuleInit(): void {
    this.queue.registerHandler(fakeHandler(this.bus, { delayMs: 1 }).handler);
  }
}
@Module({ providers: [FakeRunOwner] })
class FakeRunOwnerModule {}

async function boot(appConfig: AppConfig, options: QueueModuleOptions, withOwner: boolean) {
  @Module({
    imports: [
      ConfigModule.forRoot(appConfig),
      QueueModule.forRoot(options),
      ...(withOwner ? [FakeRunOwnerModule] : []),
    ],
  })
  class RootModule {}
  const app = await NestFactory.createApplicationContext(RootModule, { logger: false, abortOnError: false });
  try {
    await app.init();
  } catch (err) {
    // As main.ts/worker.ts exit on a failed boot, the test closes what the context opened.
    await app.close();
    throw err;
  }
  return app;
}

describe('QueueModule (inline mode)', () => {
  it('provides the inline adapters, starts once the run owner registered its handler, and runs jobs', async () => {
    const app = await boot(config(), { role: 'api' }, true);
    try {
      const queue = app.get(RunQueue);
      const bus = app.get(RunEventBus);
      expect(queue).toBeInstanceOf(InlineRunQueue);
      expect(bus).toBeInstanceOf(MemoryRunEventBus);
      const runId = randomUUID();
      await queue.enqueue(runId);
      expect(await collect(bus.subscribe(runId))).toHaveLength(EVENTS_PER_RUN);
    } finally {
      await app.close();
    }
  });

  it('fails the boot when nothing registers a run handler', async () => {
    await expect(boot(config(), { role: 'api' }, false)).rejects.toThrow(NoRunHandlerError);
  });

  it('refuses the worker role in inline mode (runs execute in the API process)', async () => {
    await expect(boot(config(), { role: 'worker' }, true)).rejects.toThrow(/QUEUE_MODE=bullmq/);
  });
});

describeWithRedis('QueueModule (bullmq mode)', () => {
  const prefix = uniqueRedisPrefix();
  afterAll(() => deleteRedisKeys(prefix));
  const bullmqConfig = () =>
    config({ QUEUE_MODE: 'bullmq', REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: prefix });

  it('API and worker contexts share runs through Redis: enqueued in one, executed and streamed from the other', async () => {
    const api = await boot(bullmqConfig(), { role: 'api' }, false); // the API needs no handler
    const worker = await boot(bullmqConfig(), { role: 'worker' }, true);
    try {
      expect(api.get(RunQueue)).toBeInstanceOf(BullmqRunQueue);
      expect(api.get(RunEventBus)).toBeInstanceOf(RedisRunEventBus);
      const runId = randomUUID();
      await api.get(RunQueue).enqueue(runId);
      const events = await collect(api.get(RunEventBus).subscribe(runId));
      expect(events.at(-1)!.event).toMatchObject({ type: 'done', data: { status: 'completed' } });
    } finally {
      await worker.close();
      await api.close();
    }
  });

  it('fails a worker boot when nothing registers a run handler', async () => {
    await expect(boot(bullmqConfig(), { role: 'worker' }, false)).rejects.toThrow(NoRunHandlerError);
  });
});
