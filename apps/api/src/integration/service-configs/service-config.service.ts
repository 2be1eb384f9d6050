import { Injectable } from '@nestjs/common';
import {
  type CreateServiceConfigRequest,
  type ErrorDetail,
  IntegrationErrorCodes,
  type Page,
  type ServiceConfig,
  type ServiceConfigQuery,
  type UpdateServiceConfigRequest,
} from '@agenthub/contracts';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../common/auth.decorators.js';
import { DomainError } from '../../common/domain-error.js';
import type { RequestMeta } from '../../common/request-meta.decorator.js';
import { AuditService } from '../../identity/audit.service.js';
import { OutboundUrlGuard } from '../outbound-url.guard.js';
import { assertCanManage, assertCanView, ownerForNew, scopeOf } from '../ownership.rules.js';
import type { ProviderEntity } from '../providers/provider.entity.js';
import { ProviderRepository } from '../providers/provider.repository.js';
import { SecretKeyring } from '../secrets/secret-box.js';
import { decryptSettings } from '../secrets/decrypt-settings.util.js';
import {
  encryptSecrets,
  maskStoredSecrets,
  plaintextSecrets,
  unmaskSecrets,
  urlPaths,
  valuesAt,
} from '../secrets/secret-fields.js';
import { validateConfigData } from './config-data.validator.js';
import { ConnectionTester } from './connection-tester.js';
import type { ServiceConfigEntity } from './service-config.entity.js';
import { ServiceConfigRepository } from './service-config.repository.js';

const WHAT = 'Service config';
const CONFIG_DATA_PATH = 'body.configData';

@Injectable()
export class ServiceConfigService {
  constructor(
    private readonly configs: ServiceConfigRepository,
    private readonly providers: ProviderRepository,
    private readonly keyring: SecretKeyring,
    private readonly urlGuard: OutboundUrlGuard,
    private readonly tester: ConnectionTester,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
  ) {}

  toDto(config: ServiceConfigEntity, provider: Pick<ProviderEntity, 'kind'> | undefined): ServiceConfig {
    return {
      id: config.id,
      providerId: config.providerId,
      providerKind: provider?.kind ?? 'unknown',
      serviceType: config.serviceType,
      name: config.name,
      scope: scopeOf(config),
      ownerId: config.ownerId,
      configData: maskStoredSecrets(config.configData, this.keyring) as Record<string, unknown>,
      pricingConfig: config.pricingConfig,
      limitsConfig: config.limitsConfig,
      isDefault: config.isDefault,
      validationStatus: config.validationStatus,
      validationError: config.validationError,
      validatedAt: config.validatedAt ? config.validatedAt.toISOString() : null,
      createdAt: config.createdAt.toISOString(),
      updatedAt: config.updatedAt.toISOString(),
    };
  }

  private async dtoOf(config: ServiceConfigEntity): Promise<ServiceConfig> {
    return this.toDto(config, (await this.providers.findById(config.providerId)) ?? undefined);
  }

  async list(user: AuthUser, query: ServiceConfigQuery): Promise<Page<ServiceConfig>> {
    const page = await this.configs.search(
      query,
      user.roles.includes('admin') ? { kind: 'all' } : { kind: 'platform_and_own', userId: user.id },
    );
    const kinds = new Map((await this.providers.list()).map((p) => [p.id, p]));
    return { ...page, items: page.items.map((c) => this.toDto(c, kinds.get(c.providerId))) };
  }

  async get(user: AuthUser, id: string): Promise<ServiceConfig> {
    const config = await this.configs.findById(id);
    assertCanView(config, user, WHAT);
    return this.dtoOf(config);
  }

  /**
   * Masks → stored secrets, then schema validation (with defaults) and the SSRF check of URL
   * fields on the plaintext, then encryption of the secret fields.
   */
  private async prepareConfigData(
    provider: ProviderEntity,
    incoming: Record<string, unknown>,
    stored: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    const { value, problems } = unmaskSecrets(incoming, stored, this.keyring);
    if (problems.length) {
      throw DomainError.validation(
        problems.map((p): ErrorDetail => ({
          path: [CONFIG_DATA_PATH, ...p.path].join('.'),
          code: p.code,
          message:
            p.code === 'secret_mask_mismatch'
              ? 'This masked value does not match the stored secret: send the new secret in clear text, or the mask unchanged'
              : 'Encrypted values cannot be sent',
        })),
      );
    }
    const checked = validateConfigData(
      provider.configSchema,
      value as Record<string, unknown>,
      CONFIG_DATA_PATH,
    );
    if (!checked.ok)
      throw DomainError.validation(checked.details, 'Settings do not match the provider schema');
    for (const pattern of urlPaths(provider.configSchema)) {
      for (const { path, value: url } of valuesAt(checked.value, pattern)) {
        if (typeof url === 'string') await this.urlGuard.check(url, [CONFIG_DATA_PATH, ...path].join('.'));
      }
    }
    return encryptSecrets(checked.value, provider.configSchema, this.keyring) as Record<string, unknown>;
  }

  async create(user: AuthUser, body: CreateServiceConfigRequest, meta: RequestMeta): Promise<ServiceConfig> {
    const ownerId = ownerForNew(user, body.scope);
    const provider = await this.providers.findById(body.providerId);
    if (!provider) {
      throw DomainError.validation([
        { path: 'body.providerId', code: 'not_found', message: 'No provider with this id' },
      ]);
    }
    const configData = await this.prepareConfigData(provider, body.configData, {});
    const saved = await this.dataSource.transaction(async (manager) => {
      const created = await this.configs.create(
        {
          providerId: provider.id,
          serviceType: provider.serviceType,
          ownerId,
          name: body.name,
          configData,
          pricingConfig: body.pricingConfig ?? null,
          limitsConfig: body.limitsConfig ?? null,
        },
        manager,
      );
      await this.audit.record(
        {
          actorId: user.id,
          action: 'service_config.created',
          targetType: 'service_config',
          targetId: created.id,
          metadata: { name: created.name, providerSlug: provider.slug, scope: scopeOf(created) },
          ...meta,
        },
        manager,
      );
      return created;
    });
    return this.toDto(saved, provider);
  }

  async update(
    user: AuthUser,
    id: string,
    body: UpdateServiceConfigRequest,
    meta: RequestMeta,
  ): Promise<ServiceConfig> {
    const config = await this.configs.findById(id);
    assertCanManage(config, user, WHAT);
    const provider = await this.providers.findById(config.providerId);
    if (!provider) throw DomainError.notFound('Provider');
    if (body.configData !== undefined) {
      config.configData = await this.prepareConfigData(provider, body.configData, config.configData);
      // New settings have not been tested yet.
      config.validationStatus = 'unknown';
      config.validationError = null;
      config.validatedAt = null;
    }
    if (body.name !== undefined) config.name = body.name;
    if (body.pricingConfig !== undefined) config.pricingConfig = body.pricingConfig;
    if (body.limitsConfig !== undefined) config.limitsConfig = body.limitsConfig;
    const saved = await this.dataSource.transaction(async (manager) => {
      const s = await this.configs.save(config, manager);
      await this.audit.record(
        {
          actorId: user.id,
          action: 'service_config.updated',
          targetType: 'service_config',
          targetId: s.id,
          // Field names only: values may be secrets.
          metadata: { fields: Object.keys(body) },
          ...meta,
        },
        manager,
      );
      return s;
    });
    return this.toDto(saved, provider);
  }

  async remove(user: AuthUser, id: string, meta: RequestMeta): Promise<void> {
    const config = await this.configs.findById(id);
    assertCanManage(config, user, WHAT);
    if (config.isDefault) {
      throw DomainError.conflict(
        IntegrationErrorCodes.serviceConfigIsDefault,
        `This is the default ${config.serviceType} config: make another config the default first`,
      );
    }
    await this.dataSource.transaction(async (manager) => {
      await this.configs.delete(config.id, manager);
      await this.audit.record(
        {
          actorId: user.id,
          action: 'service_config.deleted',
          targetType: 'service_config',
          targetId: config.id,
          metadata: { name: config.name, scope: scopeOf(config) },
          ...meta,
        },
        manager,
      );
    });
  }

  /** Really connects with the stored settings and records the outcome. */
  async validate(user: AuthUser, id: string): Promise<ServiceConfig> {
    const config = await this.configs.findById(id);
    assertCanManage(config, user, WHAT);
    const provider = await this.providers.findById(config.providerId);
    if (!provider) throw DomainError.notFound('Provider');
    const settings = this.decrypted(config);
    const result = await this.tester.test(
      provider.kind,
      settings,
      plaintextSecrets(config.configData, this.keyring),
    );
    await this.configs.recordValidation(config.id, result.status, result.error);
    return this.toDto((await this.configs.findById(config.id))!, provider);
  }

  async makeDefault(user: AuthUser, id: string, meta: RequestMeta): Promise<ServiceConfig> {
    const config = await this.configs.findById(id);
    assertCanView(config, user, WHAT);
    if (config.ownerId !== null) {
      throw DomainError.unprocessable(
        IntegrationErrorCodes.defaultMustBePlatform,
        'Only platform configs can be the default: personal configs are not usable by everyone',
      );
    }
    await this.dataSource.transaction(async (manager) => {
      const previous = await this.configs.findPlatformDefault(config.serviceType, manager);
      await this.configs.switchDefault(config, manager);
      await this.audit.record(
        {
          actorId: user.id,
          action: 'service_config.default_changed',
          targetType: 'service_config',
          targetId: config.id,
          metadata: { serviceType: config.serviceType, previousDefaultId: previous?.id ?? null },
          ...meta,
        },
        manager,
      );
    });
    return this.dtoOf((await this.configs.findById(config.id))!);
  }

  private decrypted(config: ServiceConfigEntity): Record<string, unknown> {
    return decryptSettings(config.configData, this.keyring);
  }
}
