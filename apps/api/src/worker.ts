import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { resolveRuntime } from './config/runtime.js';
import { AppLogger } from './observability/app-logger.js';
import { HealthService } from './observability/health.service.js';
import { MetricsService } from './observability/metrics.service.js';
import { startWorkerHttpServer } from './observability/worker-http.server.js';
import { parseWorkerHttpSettings } from './observability/worker-http.settings.js';
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
  let closeHttp: (() => Promise<void>) | undefined;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      log.info(`${signal} received, shutting down`);
      setTimeout(() => process.exit(1), config.shutdownTimeoutMs).unref();
      // Scrapes stop with the worker; the open listener must not keep the process alive.
      void closeHttp?.();
    });
  }
  await app.init();
  // Metrics of the runs this worker executes live in its own registry: serve them (and /health).
  const { metricsPort } = parseWorkerHttpSettings(process.env);
  if (metricsPort > 0) {
    const http = await startWorkerHttpServer(
      { metrics: app.get(MetricsService), health: app.get(HealthService) },
      { port: metricsPort, host: config.host, metricsToken: config.metricsToken },
    );
    closeHttp = http.close;
    log.info({ host: config.host, port: http.port }, 'Worker metrics listening (/metrics, /health)');
  }
  log.info({ queueMode: config.queueMode }, 'Worker ready');
}

bootstrap().catch((err: unknown) => {
  process.stderr.write(
    `AgentHub worker failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
