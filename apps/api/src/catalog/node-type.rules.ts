import { CatalogErrorCodes as CC, type ErrorDetail, nodePolicySchema } from '@agenthub/contracts';
import { jsonSchemaProblems, schemaErrors, withoutRequired } from './json-schema.util.js';

/** Per-node policies every node accepts in `config` whatever its schema (the engine checks them apart). */
export const POLICY_KEYS = ['timeoutMs', 'retry', 'onError'] as const;

export interface NodeTypeDraft {
  kind: string;
  inputSchema: Record<string, unknown>;
  outputSchema: Record<string, unknown>;
  defaultConfig: Record<string, unknown>;
}

/**
 * Everything wrong with a node type about to be stored, with `body.*` paths: a kind the engine
 * has no executor for, schemas that are not JSON Schemas, defaults that break the input schema.
 */
export function nodeTypeProblems(draft: NodeTypeDraft, executorKinds: readonly string[]): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  if (!executorKinds.includes(draft.kind))
    problems.push({
      path: 'body.kind',
      code: CC.unknownExecutorKind,
      message: `Unknown executor kind "${draft.kind}" (one of: ${executorKinds.join(', ')})`,
    });
  const inputProblems = jsonSchemaProblems(draft.inputSchema, 'body.inputSchema', CC.invalidJsonSchema);
  problems.push(...inputProblems);
  problems.push(...jsonSchemaProblems(draft.outputSchema, 'body.outputSchema', CC.invalidJsonSchema));
  if (inputProblems.length === 0) {
    const { policies, rest } = splitPolicies(draft.defaultConfig);
    // Defaults may be partial (the node fills in the rest), so `required` is not enforced here.
    problems.push(
      ...schemaErrors(withoutRequired(draft.inputSchema), rest, 'body.defaultConfig', CC.configInvalid),
    );
    problems.push(...policyProblems(policies, 'body.defaultConfig'));
  }
  return problems;
}

export function splitPolicies(config: Record<string, unknown>): {
  policies: Record<string, unknown>;
  rest: Record<string, unknown>;
} {
  const policies: Record<string, unknown> = {};
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) {
    if ((POLICY_KEYS as readonly string[]).includes(k)) policies[k] = v;
    else rest[k] = v;
  }
  return { policies, rest };
}

export function policyProblems(policies: Record<string, unknown>, prefix: string): ErrorDetail[] {
  const parsed = nodePolicySchema.safeParse(policies);
  if (parsed.success) return [];
  return parsed.error.issues.map((i) => ({
    path: [prefix, ...i.path.map(String)].join('.'),
    code: CC.configInvalid,
    message: i.message,
  }));
}
