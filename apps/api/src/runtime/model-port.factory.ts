import type { PricingConfig } from '@agenthub/contracts';
import {
  assertUrlAllowed,
  createModel,
  EngineError,
  withPricing,
  type ModelPort,
  type ModelPricing,
  type ModelProviderConfig,
  type SsrfOptions,
} from '@agenthub/engine';
import type { ModelParams } from './workflow-execution.entity.js';
import type { ResolvedModelConfig } from './runtime.ports.js';

/** USD pricing per 1K tokens (service config) → the engine's per-million rates; other currencies are not costed. */
export function toEnginePricing(pricing: PricingConfig | null | undefined): ModelPricing | null {
  if (!pricing || (pricing.currency ?? 'USD') !== 'USD') return null;
  return { promptPerMillion: pricing.inputPer1k * 1000, completionPerMillion: pricing.outputPer1k * 1000 };
}

/** Agent-level overrides win over the service config's defaults. */
export function applyModelParams(config: Record<string, unknown>, params: ModelParams | undefined) {
  if (!params) return config;
  const extra = {
    ...((config.params as Record<string, unknown> | undefined) ?? {}),
    ...(params.topP !== undefined ? { top_p: params.topP } : {}),
    ...(params.stop?.length ? { stop: params.stop } : {}),
  };
  return {
    ...config,
    ...(params.temperature !== undefined ? { temperature: params.temperature } : {}),
    ...(params.maxTokens !== undefined ? { maxTokens: params.maxTokens } : {}),
    ...(Object.keys(extra).length > 0 ? { params: extra } : {}),
  };
}

/** The service config each port was built from (ports are per call site; a WeakMap keeps them collectable). */
const portConfigIds = new WeakMap<ModelPort, string>();

/**
 * The id of the service config a model port was built from by {@link createModelPort}, so the
 * step trace records which config a node used (service-config limits count those steps).
 */
export function serviceConfigIdOf(port: ModelPort): string | null {
  return portConfigIds.get(port) ?? null;
}

/**
 * Builds the engine model port for a resolved service config. The provider's base URL is checked
 * against the SSRF guard at call time too, since DNS can change after the config was saved.
 */
export async function createModelPort(
  resolved: ResolvedModelConfig,
  options: { modelParams?: ModelParams; ssrf: SsrfOptions },
): Promise<ModelPort> {
  let port: ModelPort;
  if (resolved.kind === 'demo') {
    port = createModel({ ...(resolved.config as object), kind: 'demo' } as ModelProviderConfig);
  } else if (resolved.kind === 'openai_compatible') {
    const config = applyModelParams(resolved.config, options.modelParams);
    if (typeof config.baseURL === 'string') await assertUrlAllowed(config.baseURL, options.ssrf);
    port = createModel({ ...config, kind: 'openai_compatible' } as ModelProviderConfig);
  } else {
    throw new EngineError(
      'model_provider_unsupported',
      `Service config ${resolved.configId ?? '(platform default)'} uses provider kind "${resolved.kind}", which cannot run models`,
    );
  }
  const pricing = toEnginePricing(resolved.pricing);
  const built = pricing ? withPricing(port, pricing) : port;
  if (resolved.configId) portConfigIds.set(built, resolved.configId);
  return built;
}
