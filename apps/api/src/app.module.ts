import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AnalyticsModule } from './analytics/analytics.module.js';
import { CatalogModule } from './catalog/catalog.module.js';
import { ChatModule } from './chat/chat.module.js';
import { AgentModule } from './agent/agent.module.js';
import { AllExceptionsFilter } from './common/all-exceptions.filter.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import type { EmbeddedPostgresHandle } from './database/embedded-postgres.js';
import { IdentityModule } from './identity/identity.module.js';
import { InstancesModule } from './instances/instances.module.js';
import { IntegrationModule } from './integration/integration.module.js';
import { KnowledgeModule } from './knowledge/knowledge.module.js';
import { McpServerModule } from './mcp-server/mcp-server.module.js';
import { AppLoggerModule } from './observability/app-logger.js';
import { logDestinationFor } from './observability/log-format.util.js';
import { buildLoggerParams } from './observability/logger.options.js';
import { ObservabilityModule } from './observability/observability.module.js';
import { QueueModule } from './queue/queue.module.js';
import { RedisModule } from './redis/redis.module.js';
import { RuntimeModule } from './runtime/runtime.module.js';
import { StoreModule } from './store/store.module.js';
import { SystemModule } from './system/system.module.js';

export interface AppModuleOptions {
  config: AppConfig;
  /** Set when this process started the embedded PostgreSQL: stopped after the pool closes. */
  embedded?: EmbeddedPostgresHandle;
  /** Where JSON log lines go (by default stdout, in the LOG_FORMAT format); tests capture them here. */
  logDestination?: DestinationStream;
}

/** Modules shared by the HTTP app and the worker. */
export function coreImports(options: AppModuleOptions, redis: { required: boolean }) {
  return [
    ConfigModule.forRoot(options.config),
    LoggerModule.forRoot(
      buildLoggerParams(
        options.config,
        options.logDestination ?? logDestinationFor(options.config.logFormat),
      ),
    ),
    AppLoggerModule,
    DatabaseModule.forRoot({ embedded: options.embedded }),
    RedisModule.forRoot(redis),
  ];
}

@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...coreImports(options, { required: false }),
        ObservabilityModule,
        IdentityModule,
        CatalogModule,
        IntegrationModule,
        RuntimeModule,
        AgentModule,
        StoreModule,
        QueueModule.forRoot({ role: 'api' }),
        ChatModule,
        McpServerModule,
        InstancesModule,
        KnowledgeModule,
        AnalyticsModule,
        SystemModule.forRoot({ role: 'api' }),
      ],
      providers: [{ provide: APP_FILTER, useClass: AllExceptionsFilter }],
    };
  }
}
