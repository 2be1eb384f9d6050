import { Injectable } from '@nestjs/common';
import { KnowledgeErrorCodes } from '@agenthub/contracts';
import { DomainError } from '../common/domain-error.js';
import { AppConfig } from '../config/app-config.js';
import { ServiceConfigResolver } from '../integration/service-configs/service-config-resolver.service.js';
import { DemoEmbedding, type EmbeddingPort, OpenAICompatibleEmbedding } from './embedding.provider.js';

/** The embedding model of a base: the offline demo one, or an OpenAI-compatible service config's server. */
@Injectable()
export class KnowledgeEmbeddings {
  private readonly demo = new DemoEmbedding();

  constructor(
    private readonly configs: ServiceConfigResolver,
    private readonly config: AppConfig,
  ) {}

  async forBase(base: {
    embeddingConfigId: string | null;
    embeddingModel: string;
    ownerId: string | null;
  }): Promise<EmbeddingPort> {
    if (!base.embeddingConfigId) return this.demo;
    const resolved = await this.configs.resolveModelConfig(base.embeddingConfigId, base.ownerId);
    if (resolved.kind === 'demo') return this.demo;
    const baseURL = resolved.config.baseURL;
    if (typeof baseURL !== 'string')
      throw DomainError.unprocessable(
        KnowledgeErrorCodes.embeddingFailed,
        'The embedding service config has no baseURL',
      );
    return new OpenAICompatibleEmbedding({
      baseURL,
      apiKey: typeof resolved.config.apiKey === 'string' ? resolved.config.apiKey : undefined,
      model: base.embeddingModel,
      ssrf: { allowPrivateNetwork: this.config.allowPrivateNetwork },
    });
  }
}
