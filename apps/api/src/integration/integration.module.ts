import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config.js';
import { IdentityModule } from '../identity/identity.module.js';
import { McpHealthScheduler } from './mcp/mcp-health.scheduler.js';
import { McpHistoryRepository } from './mcp/mcp-history.repository.js';
import { McpServerEntity } from './mcp/mcp-server.entity.js';
import { McpServerRepository } from './mcp/mcp-server.repository.js';
import { McpServerService } from './mcp/mcp-server.service.js';
import { McpServersController } from './mcp/mcp-servers.controller.js';
import { McpStatsService } from './mcp/mcp-stats.service.js';
import { McpToolEntity } from './mcp/mcp-tool.entity.js';
import { McpToolRepository } from './mcp/mcp-tool.repository.js';
import { McpToolsController } from './mcp/mcp-tools.controller.js';
import { OutboundPolicyController } from './outbound/outbound-policy.controller.js';
import { OutboundPolicyService } from './outbound/outbound-policy.service.js';
import { PlatformSettingEntity } from './outbound/platform-setting.entity.js';
import { PlatformSettingRepository } from './outbound/platform-setting.repository.js';
import { OutboundUrlGuard } from './outbound-url.guard.js';
import { IntegrationSeedService } from './providers/integration-seed.service.js';
import { ProviderEntity } from './providers/provider.entity.js';
import { ProviderRepository } from './providers/provider.repository.js';
import { ProviderService } from './providers/provider.service.js';
import { ProvidersController } from './providers/providers.controller.js';
import { buildKeyring } from './secrets/keyring.factory.js';
import { SecretKeyring } from './secrets/secret-box.js';
import { ConnectionTester } from './service-configs/connection-tester.js';
import { ServiceConfigResolver } from './service-configs/service-config-resolver.service.js';
import { ServiceConfigEntity } from './service-configs/service-config.entity.js';
import { ServiceConfigRepository } from './service-configs/service-config.repository.js';
import { ServiceConfigService } from './service-configs/service-config.service.js';
import { ServiceConfigsController } from './service-configs/service-configs.controller.js';

/**
 * Providers, service configs (secrets encrypted with the master keyring) and MCP servers/tools.
 * Exports for the runtime and agent modules: `ServiceConfigResolver` (node binding → decrypted
 * model settings; publishing checks) and `McpServerService` (`resolveServer`, `recordCall`,
 * `checkUsableByEveryone`) and `OutboundPolicyService` (the SSRF options every outbound call uses).
 */
@Module({
  imports: [
    IdentityModule,
    TypeOrmModule.forFeature([
      ProviderEntity,
      ServiceConfigEntity,
      McpServerEntity,
      McpToolEntity,
      PlatformSettingEntity,
    ]),
  ],
  controllers: [
    ProvidersController,
    ServiceConfigsController,
    McpServersController,
    McpToolsController,
    OutboundPolicyController,
  ],
  providers: [
    {
      provide: SecretKeyring,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => buildKeyring(config.masterKey, config.env),
    },
    OutboundUrlGuard,
    PlatformSettingRepository,
    OutboundPolicyService,
    ProviderRepository,
    ProviderService,
    ServiceConfigRepository,
    ServiceConfigService,
    ServiceConfigResolver,
    ConnectionTester,
    IntegrationSeedService,
    McpServerRepository,
    McpToolRepository,
    McpHistoryRepository,
    McpServerService,
    McpStatsService,
    McpHealthScheduler,
  ],
  exports: [ServiceConfigResolver, McpServerService, OutboundPolicyService, OutboundUrlGuard],
})
export class IntegrationModule {}
