import { AppConfig } from '../config/app-config.js';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogModule } from '../catalog/catalog.module.js';
import { NodeTypeService } from '../catalog/node-type.service.js';
import { IntegrationModule } from '../integration/integration.module.js';
import { KnowledgeSearchModule } from '../knowledge/knowledge.module.js';
import { KnowledgeSearch } from '../knowledge/knowledge-search.service.js';
import { McpServerService } from '../integration/mcp/mcp-server.service.js';
import { OutboundPolicyService } from '../integration/outbound/outbound-policy.service.js';
import { ServiceConfigResolver } from '../integration/service-configs/service-config-resolver.service.js';
import { CheckpointStore } from './checkpoint.store.js';
import { RunLimitsService } from './run-limits.service.js';
import { parseRunLimitsSettings, RUN_LIMITS_SETTINGS } from './run-limits.settings.js';
import { RunMaintenanceService } from './run-maintenance.service.js';
import { RunQueryService } from './run-query.service.js';
import { RunStatsQuery } from './run-stats.query.js';
import { RunStepRepository } from './run-step.repository.js';
import { RunRepository } from './run.repository.js';
import { RunService } from './run.service.js';
import { RunsController } from './runs.controller.js';
import { parseRuntimeSettings, RUNTIME_SETTINGS } from './runtime-settings.js';
import {
  KNOWLEDGE_SOURCE,
  type KnowledgeSource,
  MCP_SERVER_SOURCE,
  MODEL_CONFIG_SOURCE,
  NODE_TYPE_SOURCE,
  type NodeTypeSource,
  OUTBOUND_POLICY_SOURCE,
} from './runtime.ports.js';
import { WorkflowExecutionStepEntity } from './workflow-execution-step.entity.js';
import { WorkflowExecutionEntity } from './workflow-execution.entity.js';

/**
 * Runs workflows through the engine and records them (runs, steps, checkpoints).
 * Exports RunService (draft test runs now, chat turns later); the SSE writer is sse.util.ts.
 * The run code only sees the ports in runtime.ports.ts; they are bound here to the integration
 * module (service configs, MCP servers, the outbound policy) and the catalog (node types).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([WorkflowExecutionEntity, WorkflowExecutionStepEntity]),
    IntegrationModule,
    CatalogModule,
    KnowledgeSearchModule,
  ],
  controllers: [RunsController],
  providers: [
    {
      provide: RUNTIME_SETTINGS,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => parseRuntimeSettings(config.env),
    },
    {
      provide: RUN_LIMITS_SETTINGS,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => parseRunLimitsSettings(config.env),
    },
    { provide: MODEL_CONFIG_SOURCE, useExisting: ServiceConfigResolver },
    { provide: MCP_SERVER_SOURCE, useExisting: McpServerService },
    { provide: OUTBOUND_POLICY_SOURCE, useExisting: OutboundPolicyService },
    {
      provide: NODE_TYPE_SOURCE,
      inject: [NodeTypeService],
      useFactory: (nodeTypes: NodeTypeService): NodeTypeSource => ({
        listNodeTypes: () => nodeTypes.listDescriptors(),
      }),
    },
    {
      provide: KNOWLEDGE_SOURCE,
      inject: [KnowledgeSearch],
      useFactory: (search: KnowledgeSearch): KnowledgeSource => ({
        search: async (request, ownerUserId) =>
          search.search(
            await search.basesForOwner(request.knowledgeBaseIds, ownerUserId),
            request.query,
            request,
          ),
      }),
    },
    RunRepository,
    RunStepRepository,
    CheckpointStore,
    RunService,
    RunQueryService,
    RunStatsQuery,
    RunMaintenanceService,
    RunLimitsService,
  ],
  // RunLimitsService: the quota and rate checks every edge that starts a run calls first.
  // RunStatsQuery: aggregates for the agent analytics and the admin system page.
  exports: [RunService, RunQueryService, RunLimitsService, RunStatsQuery],
})
export class RuntimeModule {}
