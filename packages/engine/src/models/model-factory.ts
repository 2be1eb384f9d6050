import { DemoModel, type DemoModelOptions } from './demo.model.js';
import { createLangChainOpenAIModel } from './langchain-chat.model.js';
import type { ModelPort } from './model.port.js';
import { OpenAISdkModel, type OpenAICompatibleConfig } from './openai-sdk.model.js';

/** How provider configs from `service_configs` become model ports. */
export type ModelProviderConfig =
  | ({ kind: 'openai_compatible'; implementation?: 'sdk' | 'langchain' } & OpenAICompatibleConfig)
  | ({ kind: 'demo' } & DemoModelOptions);

/**
 * `sdk` (default) streams through the openai SDK; `langchain` uses ChatOpenAICompletions.
 * The default was picked with the engine benchmark (see README).
 */
export function createModel(config: ModelProviderConfig): ModelPort {
  if (config.kind === 'demo') return new DemoModel(config);
  return config.implementation === 'langchain'
    ? createLangChainOpenAIModel(config)
    : new OpenAISdkModel(config);
}
