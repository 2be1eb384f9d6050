import { type DynamicModule, Module } from '@nestjs/common';
import { type AppModuleOptions, coreImports } from './app.module.js';
import { ChatModule } from './chat/chat.module.js';
import { ObservabilityModule } from './observability/observability.module.js';
import { QueueModule } from './queue/queue.module.js';
import { SystemModule } from './system/system.module.js';

/**
 * The worker process: same configuration, database and Redis as the API, no Nest HTTP server
 * (worker.ts serves /metrics and /health on WORKER_METRICS_PORT). With
 * QUEUE_MODE=bullmq it consumes the run queue with the same handler as the API (ChatModule
 * registers it); in inline mode runs execute in the API, so there is nothing to consume and
 * worker.ts refuses to start (this context still boots, for the connection checks).
 */
@Module({})
export class WorkerModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    const consumes = options.config.queueMode === 'bullmq';
    return {
      module: WorkerModule,
      imports: [
        ...coreImports(options, { required: true }),
        // Metrics (recorded where runs end, so here in bullmq mode) and health, served by worker.ts.
        ObservabilityModule,
        ...(consumes ? [QueueModule.forRoot({ role: 'worker' }), ChatModule] : []),
        // Its heartbeat, listed on the admin system page.
        SystemModule.forRoot({ role: 'worker' }),
      ],
    };
  }
}
