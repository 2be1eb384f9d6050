import type { NodePolicy } from '@agenthub/contracts';

/** Config keys every node accepts whatever its type (the contracts' `nodePolicySchema`). */
export const POLICY_KEYS = ['timeoutMs', 'retry', 'onError'] as const;

const isPolicyKey = (key: string) => (POLICY_KEYS as readonly string[]).includes(key);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Splits a node's config into its per-node policies and the type's own settings. */
export function splitConfig(config: Record<string, unknown>): {
  policy: NodePolicy;
  settings: Record<string, unknown>;
} {
  const policy: Record<string, unknown> = {};
  const settings: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) (isPolicyKey(key) ? policy : settings)[key] = value;
  return { policy: policy as NodePolicy, settings };
}

/**
 * The config to store after the form changed `settings` (shown over the type's defaults): values
 * still equal to a default the node did not set itself stay out, so admin defaults keep applying.
 */
export function mergeConfig(
  previous: Record<string, unknown>,
  settings: Record<string, unknown>,
  defaults: Record<string, unknown>,
  policy: NodePolicy,
): Record<string, unknown> {
  const next: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(settings)) {
    if (value === undefined) continue;
    if (!(key in previous) && key in defaults && same(defaults[key], value)) continue;
    next[key] = value;
  }
  return { ...next, ...policy };
}
