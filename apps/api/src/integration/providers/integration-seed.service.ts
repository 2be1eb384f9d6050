import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ServiceConfigRepository } from '../service-configs/service-config.repository.js';
import { BUILTIN_PROVIDERS, DEMO_DEFAULT_CONFIG } from './builtin-providers.js';
import { ProviderRepository } from './provider.repository.js';

/** Any constant works; it only has to differ from the other advisory locks of the application. */
const SEED_LOCK_KEY = 4_240_017;

/**
 * At every boot: upserts the built-in providers and, when no default llm config exists (a fresh
 * install), creates the platform `demo` config and makes it the default, so chat works with zero
 * configuration. Runs under an advisory lock so replicas booting together seed once.
 */
@Injectable()
export class IntegrationSeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger('IntegrationSeed');

  constructor(
    private readonly dataSource: DataSource,
    private readonly providers: ProviderRepository,
    private readonly configs: ServiceConfigRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.seed();
  }

  async seed(): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK_KEY]);
      const bySlug = new Map<string, string>();
      for (const builtin of BUILTIN_PROVIDERS) {
        const p = await this.providers.upsertBuiltin(builtin, manager);
        bySlug.set(p.slug, p.id);
      }
      if (await this.configs.findPlatformDefault('llm', manager)) return;
      await this.configs.create(
        {
          providerId: bySlug.get('demo')!,
          serviceType: 'llm',
          ownerId: null,
          name: DEMO_DEFAULT_CONFIG.name,
          configData: DEMO_DEFAULT_CONFIG.configData,
          pricingConfig: null,
          limitsConfig: null,
        },
        manager,
        { isDefault: true, validationStatus: 'valid', validatedAt: new Date() },
      );
      this.logger.log('No default llm config: created the offline demo config as the default');
    });
  }
}
