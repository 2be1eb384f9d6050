import type { ServiceDependencies } from '@agenthub/contracts';

/**
 * Pure rules of the service-config limits (no Nest, no database): which service configs a
 * workflow's model nodes will call, and the time windows the limits count in.
 */

/** Executor kinds that call a model through `ctx.model()` (admin node types specialise these). */
export const MODEL_EXECUTOR_KINDS: ReadonlySet<string> = new Set(['llm', 'agent', 'classifier']);

export interface ModelServiceRefs {
  /** Explicit llm configs of model nodes: `node.services.llm`, else the version's service dependency. */
  configIds: string[];
  /** Some model node has neither, so it runs on the platform default llm config. */
  usesDefault: boolean;
}

interface NodeLike {
  id?: unknown;
  type?: unknown;
  services?: { llm?: unknown } | null;
}

/**
 * The llm service configs the model nodes of `definition` will use, resolved like the run
 * service does (node's own `services.llm` → `serviceDependencies[nodeId].llm` → platform default).
 * `kindOf` maps a node type name to its executor kind (unknown types call no model).
 */
export function modelServiceRefs(
  definition: unknown,
  serviceDependencies: ServiceDependencies | null | undefined,
  kindOf: (typeName: string) => string | undefined,
): ModelServiceRefs {
  const nodes = (definition as { nodes?: unknown } | null)?.nodes;
  const configIds = new Set<string>();
  let usesDefault = false;
  for (const node of Array.isArray(nodes) ? (nodes as NodeLike[]) : []) {
    if (typeof node?.type !== 'string' || !MODEL_EXECUTOR_KINDS.has(kindOf(node.type) ?? '')) continue;
    const own = typeof node.services?.llm === 'string' ? node.services.llm : undefined;
    const dependency = typeof node.id === 'string' ? serviceDependencies?.[node.id]?.llm : undefined;
    const id = own ?? dependency;
    if (id) configIds.add(id);
    else usesDefault = true;
  }
  return { configIds: [...configIds], usesDefault };
}

/** The node types a definition uses (to look up their kinds). */
export function nodeTypeNames(definition: unknown): string[] {
  const nodes = (definition as { nodes?: unknown } | null)?.nodes;
  if (!Array.isArray(nodes)) return [];
  return [
    ...new Set((nodes as NodeLike[]).map((n) => n?.type).filter((t): t is string => typeof t === 'string')),
  ];
}

/** Seconds until the next 00:00 UTC (at least 1): when a per-UTC-day quota resets. */
export function secondsUntilUtcMidnight(now: Date): number {
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  return Math.max(1, Math.ceil((midnight - now.getTime()) / 1000));
}
