import type { ModelPort } from './model.port.js';

export interface ModelPricing {
  /** USD per million prompt tokens. */
  promptPerMillion: number;
  /** USD per million completion tokens. */
  completionPerMillion: number;
}

/** Wraps a port so its usage carries `costUsd` (from a service config's `pricing_config`). */
export function withPricing(port: ModelPort, pricing: ModelPricing): ModelPort {
  return {
    name: port.name,
    async stream(request, options) {
      const result = await port.stream(request, options);
      const cost =
        (result.usage.promptTokens * pricing.promptPerMillion +
          result.usage.completionTokens * pricing.completionPerMillion) /
        1_000_000;
      return { ...result, usage: { ...result.usage, costUsd: (result.usage.costUsd ?? 0) + cost } };
    },
  };
}
