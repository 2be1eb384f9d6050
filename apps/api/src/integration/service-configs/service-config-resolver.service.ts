import { Injectable } from '@nestjs/common';
import {
  ENGINE_PROVIDER_KINDS,
  IntegrationErrorCodes,
  type PricingConfig,
  type RunStepModel,
} from '@agenthub/contracts';
import type { ModelPricing } from '@agenthub/engine';
import { DomainError } from '../../common/domain-error.js';
import { ProviderRepository } from '../providers/provider.repository.js';
import { SecretKeyring } from '../secrets/secret-box.js';
import { decryptSettings } from '../secrets/decrypt-settings.util.js';
import { ServiceConfigRepository } from './service-config.repository.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type EngineProviderKind = (typeof ENGINE_PROVIDER_KINDS)[number];

export interface ResolvedModelConfig {
  configId: string;
  kind: EngineProviderKind;
  /** Decrypted settings: spread into the engine's `createModel({ kind, ...config })`. Never log it. */
  config: Record<string, unknown>;
  pricing: PricingConfig | null;
}

export interface ConfigUsabilityProblem {
  configId: string;
  problem: 'not_found' | 'personal_config';
}

/** Engine pricing is per million tokens; service configs store it per 1 000. */
export function toModelPricing(pricing: PricingConfig): ModelPricing {
  return { promptPerMillion: pricing.inputPer1k * 1000, completionPerMillion: pricing.outputPer1k * 1000 };
}

/**
 * What the runtime and agent modules use to turn a node's service binding into a model, and to
 * check, before publishing, that an agent binds nothing its users could not use.
 */
@Injectable()
export class ServiceConfigResolver {
  constructor(
    private readonly configs: ServiceConfigRepository,
    private readonly providers: ProviderRepository,
    private readonly keyring: SecretKeyring,
  ) {}

  /**
   * `configId` null → the platform default llm config. A personal config is usable by its owner
   * only (`ownerUserId`: the user whose run this is, e.g. the developer testing a draft);
   * anyone else gets the same 422 as for a missing one, so ids cannot be probed.
   */
  async resolveModelConfig(
    configId: string | null,
    ownerUserId: string | null,
  ): Promise<ResolvedModelConfig> {
    const config = configId
      ? UUID.test(configId)
        ? await this.configs.findById(configId)
        : null
      : await this.configs.findPlatformDefault('llm');
    if (!config) {
      throw configId
        ? DomainError.unprocessable('service_config_not_found', `Service config ${configId} does not exist`)
        : DomainError.unprocessable(
            IntegrationErrorCodes.noDefaultService,
            'No default llm service config: an admin must mark one as the default',
          );
    }
    if (config.ownerId !== null && config.ownerId !== ownerUserId) {
      throw DomainError.unprocessable(
        'service_config_not_found',
        `Service config ${configId} does not exist`,
      );
    }
    if (config.serviceType !== 'llm') {
      throw DomainError.unprocessable(
        IntegrationErrorCodes.serviceTypeMismatch,
        `Service config ${config.id} is a ${config.serviceType} config, not an llm one`,
      );
    }
    const provider = await this.providers.findById(config.providerId);
    const kind = provider?.kind;
    if (!kind || !(ENGINE_PROVIDER_KINDS as readonly string[]).includes(kind)) {
      throw DomainError.unprocessable(
        IntegrationErrorCodes.unsupportedProviderKind,
        `Provider kind ${kind ?? '?'} cannot run models`,
      );
    }
    return {
      configId: config.id,
      kind: kind as EngineProviderKind,
      config: decryptSettings(config.configData, this.keyring),
      pricing: config.pricingConfig,
    };
  }

  /** Names and model names of the given configs (missing ones are absent from the map). */
  async modelLabels(
    configIds: readonly string[],
  ): Promise<Map<string, Omit<RunStepModel, 'serviceConfigId'>>> {
    const ids = [...new Set(configIds)].filter((id) => UUID.test(id));
    if (ids.length === 0) return new Map();
    const rows = await this.configs.findByIds(ids);
    return new Map(
      rows.map((c) => {
        // A plain setting; secret fields are stored as `{ $enc }` objects and so never pass.
        const model = c.configData.model;
        return [
          c.id,
          { serviceConfigName: c.name, model: typeof model === 'string' && model ? model : null },
        ];
      }),
    );
  }

  /** Configs among `configIds` that other users could not use (missing, or someone's personal config). */
  async checkUsableByEveryone(configIds: string[]): Promise<ConfigUsabilityProblem[]> {
    const unique = [...new Set(configIds)];
    const found = new Map(
      (await this.configs.findByIds(unique.filter((id) => UUID.test(id)))).map((c) => [c.id, c]),
    );
    const problems: ConfigUsabilityProblem[] = [];
    for (const id of unique) {
      const config = found.get(id);
      if (!config) problems.push({ configId: id, problem: 'not_found' });
      else if (config.ownerId !== null) problems.push({ configId: id, problem: 'personal_config' });
    }
    return problems;
  }
}
