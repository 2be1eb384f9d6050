import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { resolveRuntime } from './config/runtime.js';
import { AppLogger } from './observability/app-logger.js';
import { WorkerModule } from './worker.module.js';

/** Queue worker entry point: executes queued runs (QUEUE_MODE=bullmq) with the chat run handler. */
async function bootstrap(): Promise<void> {
  const { config, log } = await resolveRuntime(process.env, { allowEmbedded: false });
  if (!config.redisUrl) {
    process.stderr.write('Invalid configuration:\n  - REDIS_URL: required by the worker\n');
    process.exit(1);
  }
  if (config.queueMode !== 'bullmq') {
    process.stderr.write(
      'Invalid configuration:\n  - QUEUE_MODE: the worker needs bullmq (inline runs execute in the API)\n',
    );
    process.exit(1);
  }
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot({ config }), {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(AppLogger));
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      log.info(`${signal} received, shutting down`);
      setTimeout(() => process.exit(1), config.shutdownTimeoutMs).unref();
    });
  }
  await app.init();
  log.info({ queueMode: config.queueMode }, 'Worker ready');
}

bootstrap().catch((err: unknown) => {
  process.stderr.write(
    `AgentHub worker failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
