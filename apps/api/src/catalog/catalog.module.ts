import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '../identity/identity.module.js';
import { CatalogUsageRegistry } from './catalog-usage.registry.js';
import { CatalogSeeder } from './catalog.seeder.js';
import { NodeTypeEntity } from './node-type.entity.js';
import { NodeTypeRepository } from './node-type.repository.js';
import { NodeTypeService } from './node-type.service.js';
import { NodeTypesController } from './node-types.controller.js';
import { PlatformSchemaController } from './platform-schema.controller.js';
import {
  WorkflowTemplateEdgeEntity,
  WorkflowTemplateEntity,
  WorkflowTemplateNodeEntity,
  WorkflowTemplateRevisionEntity,
} from './workflow-template.entity.js';
import { WorkflowTemplateRepository } from './workflow-template.repository.js';
import { WorkflowTemplateService } from './workflow-template.service.js';
import { WorkflowTemplatesController } from './workflow-templates.controller.js';

/**
 * Node types and workflow templates. Exports NodeTypeService (descriptors for validating and
 * compiling workflows), WorkflowTemplateService (instantiate) and CatalogUsageRegistry, through
 * which the agent module reports where node types and templates are used.
 */
@Module({
  imports: [
    IdentityModule,
    TypeOrmModule.forFeature([
      NodeTypeEntity,
      WorkflowTemplateEntity,
      WorkflowTemplateNodeEntity,
      WorkflowTemplateEdgeEntity,
      WorkflowTemplateRevisionEntity,
    ]),
  ],
  controllers: [NodeTypesController, WorkflowTemplatesController, PlatformSchemaController],
  providers: [
    CatalogUsageRegistry,
    NodeTypeRepository,
    WorkflowTemplateRepository,
    NodeTypeService,
    WorkflowTemplateService,
    CatalogSeeder,
  ],
  exports: [CatalogUsageRegistry, NodeTypeService, WorkflowTemplateService],
})
export class CatalogModule {}
