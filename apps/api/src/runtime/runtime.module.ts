import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CheckpointStore } from './checkpoint.store.js';
import { RunMaintenanceService } from './run-maintenance.service.js';
import { RunQueryService } from './run-query.service.js';
import { RunStepRepository } from './run-step.repository.js';
import { RunRepository } from './run.repository.js';
import { RunService } from './run.service.js';
import { RunsController } from './runs.controller.js';
import { parseRuntimeSettings, RUNTIME_SETTINGS } from './runtime-settings.js';
import { BuiltinNodeTypeSource, DemoModelConfigSource, NoMcpServerSource } from './runtime.fallbacks.js';
import { MCP_SERVER_SOURCE, MODEL_CONFIG_SOURCE, NODE_TYPE_SOURCE } from './runtime.ports.js';
import { WorkflowExecutionStepEntity } from './workflow-execution-step.entity.js';
import { WorkflowExecutionEntity } from './workflow-execution.entity.js';

/**
 * Runs workflows through the engine and records them (runs, steps, checkpoints).
 * Exports RunService (draft test runs now, chat turns later) and the SSE writer lives in
 * sse.util.ts. Depends on nothing feature-specific but the ports in runtime.ports.ts.
 */
@Module({
  imports: [TypeOrmModule.forFeature([WorkflowExecutionEntity, WorkflowExecutionStepEntity])],
  controllers: [RunsController],
  providers: [
    { provide: RUNTIME_SETTINGS, useFactory: () => parseRuntimeSettings(process.env) },
    { provide: MODEL_CONFIG_SOURCE, useClass: DemoModelConfigSource },
    { provide: MCP_SERVER_SOURCE, useClass: NoMcpServerSource },
    { provide: NODE_TYPE_SOURCE, useClass: BuiltinNodeTypeSource },
    RunRepository,
    RunStepRepository,
    CheckpointStore,
    RunService,
    RunQueryService,
    RunMaintenanceService,
  ],
  exports: [RunService, RunQueryService],
})
export class RuntimeModule {}
