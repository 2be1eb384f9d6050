import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogModule } from '../catalog/catalog.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { IntegrationModule } from '../integration/integration.module.js';
import { RuntimeModule } from '../runtime/runtime.module.js';
import { AdminReviewsController } from './admin-reviews.controller.js';
import { AgentCatalogUsageRegistration } from './agent-catalog-usage.registration.js';
import { AgentUserActivityRegistration } from './agent-user-activity.registration.js';
import { AgentCategoriesController } from './agent-categories.controller.js';
import { AgentCategoryEntity } from './agent-category.entity.js';
import { AgentCategoryRepository } from './agent-category.repository.js';
import { AgentCategoryService } from './agent-category.service.js';
import { AgentEntity } from './agent.entity.js';
import { AgentRepository } from './agent.repository.js';
import { AgentService } from './agent.service.js';
import { AgentSettings } from './agent.settings.js';
import { AgentPublishService } from './agent-publish.service.js';
import { AgentReviewService } from './agent-review.service.js';
import { AgentValidationService } from './agent-validation.service.js';
import { AgentVersionEntity } from './agent-version.entity.js';
import { AgentVersionRepository } from './agent-version.repository.js';
import { AgentVersionService } from './agent-version.service.js';
import { AgentWorkflowService } from './agent-workflow.service.js';
import { AgentsController } from './agents.controller.js';
import { AgentRunsController } from './agent-runs.controller.js';
import { AgentTestRunsService } from './agent-test-runs.service.js';
import { DemoDataSeeder } from './demo-data.seeder.js';
import { RuntimeAgentRunsSource } from './ports/agent-runs.adapter.js';
import { RuntimeAgentUsageSource } from './ports/agent-usage.adapter.js';
import {
  AgentRunsSource,
  AgentUsageSource,
  DraftRunner,
  NodeTypeSource,
  PlatformResources,
  TemplateSource,
} from './ports/agent.ports.js';
import { RuntimeDraftRunner } from './ports/draft-runner.adapter.js';
import { CatalogNodeTypeSource } from './ports/node-type-source.adapter.js';
import { IntegrationPlatformResources } from './ports/platform-resources.adapter.js';
import { CatalogTemplateSource } from './ports/template-source.adapter.js';

/**
 * Agents, versions, categories, publishing and review (issue 4). Depends on identity (audit,
 * users) and, through the small ports in `ports/`, on the catalog (node types, templates),
 * integration (service configs, MCP servers) and runtime (test runs) modules.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([AgentCategoryEntity, AgentEntity, AgentVersionEntity]),
    IdentityModule,
    // Imported (not only listed in AppModule) so their bootstrap seeders run before the demo data.
    CatalogModule,
    IntegrationModule,
    RuntimeModule,
  ],
  controllers: [AgentCategoriesController, AgentsController, AgentRunsController, AdminReviewsController],
  providers: [
    AgentSettings,
    AgentCategoryRepository,
    AgentRepository,
    AgentVersionRepository,
    AgentCategoryService,
    AgentService,
    AgentValidationService,
    AgentWorkflowService,
    AgentTestRunsService,
    AgentReviewService,
    AgentPublishService,
    AgentVersionService,
    DemoDataSeeder,
    AgentCatalogUsageRegistration,
    AgentUserActivityRegistration,
    { provide: NodeTypeSource, useClass: CatalogNodeTypeSource },
    { provide: TemplateSource, useClass: CatalogTemplateSource },
    { provide: PlatformResources, useClass: IntegrationPlatformResources },
    { provide: DraftRunner, useClass: RuntimeDraftRunner },
    { provide: AgentUsageSource, useClass: RuntimeAgentUsageSource },
    { provide: AgentRunsSource, useClass: RuntimeAgentRunsSource },
  ],
  exports: [AgentService, AgentVersionRepository, AgentRepository, NodeTypeSource, AgentCategoryService],
})
export class AgentModule {}
