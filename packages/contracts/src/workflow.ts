import { z } from 'zod';

/**
 * Workflow definition (ARCHITECTURE.md section 4): the JSON an agent version stores and the
 * engine compiles. Node ids are the user's own; the engine maps them to safe graph names.
 */

/** The pseudo node every finished path leads to. */
export const END_NODE = '__end__';
export const WORKFLOW_SCHEMA_VERSION = 1;

export const nodeIdSchema = z
  .string()
  .min(1, 'Node id is required')
  .max(64, 'Node id must be at most 64 characters')
  .regex(
    /^[A-Za-z][A-Za-z0-9_-]*$/,
    'Node id must start with a letter and use only letters, digits, _ and -',
  );

export const variableTypeSchema = z.enum(['string', 'number', 'boolean', 'json']);
export type VariableType = z.infer<typeof variableTypeSchema>;

export const variableDefinitionSchema = z.object({
  type: variableTypeSchema.default('string'),
  default: z.unknown().optional(),
  description: z.string().max(500).optional(),
});
export type VariableDefinition = z.infer<typeof variableDefinitionSchema>;

/** How a node reacts when its executor fails after all retries. */
export const onErrorSchema = z.enum(['fail', 'continue', 'branch']);
export type OnErrorPolicy = z.infer<typeof onErrorSchema>;

export const retryPolicySchema = z.object({
  maxAttempts: z.number().int().min(1).max(10).default(1),
  backoffMs: z.number().int().min(0).max(60_000).default(0),
});
export type RetryPolicy = z.infer<typeof retryPolicySchema>;

/**
 * Policies every node accepts inside its `config`, whatever its type. Kept in config (not beside
 * it) so admins can set defaults per node type through `default_config`.
 */
export const nodePolicySchema = z.object({
  timeoutMs: z.number().int().min(1).max(3_600_000).optional(),
  retry: retryPolicySchema.optional(),
  onError: onErrorSchema.optional(),
});
export type NodePolicy = z.infer<typeof nodePolicySchema>;

export const workflowNodeSchema = z.object({
  id: nodeIdSchema,
  /** `node_types.type_name`. */
  type: z.string().min(1).max(100),
  /** Display label for the IDE. */
  name: z.string().max(200).optional(),
  config: z.record(z.string(), z.unknown()).default({}),
  /** Service role → service_config id (e.g. `{ "llm": "<uuid>" }`); missing roles use the platform default. */
  services: z.record(z.string(), z.string()).optional(),
  /** Canvas position; ignored by the engine. */
  position: z.object({ x: z.number(), y: z.number() }).optional(),
});
export type WorkflowNode = z.infer<typeof workflowNodeSchema>;
export type WorkflowNodeInput = z.input<typeof workflowNodeSchema>;

/** A node id, `__end__`, or (only as an edge source) `<id>:error` for `onError: branch`. */
const edgeEndpointSchema = z.string().min(1).max(100);

export const normalEdgeSchema = z.object({
  type: z.literal('normal').optional(),
  from: edgeEndpointSchema,
  to: edgeEndpointSchema,
});
export type NormalEdge = z.infer<typeof normalEdgeSchema>;

export const switchConditionSchema = z.object({
  kind: z.literal('switch'),
  /** Dot path into the run state, e.g. `nodes.classify.output` or `vars.lang`. */
  path: z.string().min(1).max(300),
});
export const expressionConditionSchema = z.object({
  kind: z.literal('expression'),
  /** A jexl expression over the state (`input`, `vars`, `nodes`); its result selects the mapping key. */
  expression: z.string().min(1).max(2000),
});
export const edgeConditionSchema = z.discriminatedUnion('kind', [
  switchConditionSchema,
  expressionConditionSchema,
]);
export type EdgeCondition = z.infer<typeof edgeConditionSchema>;

export const conditionalEdgeSchema = z.object({
  type: z.literal('conditional'),
  from: edgeEndpointSchema,
  condition: edgeConditionSchema,
  /** Result (stringified) → target node id or `__end__`. */
  mapping: z.record(z.string(), edgeEndpointSchema),
  /** Target when no mapping key matches; without it an unmatched value fails the run. */
  default: edgeEndpointSchema.optional(),
});
export type ConditionalEdge = z.infer<typeof conditionalEdgeSchema>;

export const fanoutEdgeSchema = z.object({
  type: z.literal('fanout'),
  from: edgeEndpointSchema,
  /** Run in parallel; a node fed by several of these branches runs once, after all of them. */
  targets: z.array(edgeEndpointSchema).min(1),
});
export type FanoutEdge = z.infer<typeof fanoutEdgeSchema>;

export const workflowEdgeSchema = z.union([conditionalEdgeSchema, fanoutEdgeSchema, normalEdgeSchema]);
export type WorkflowEdge = z.infer<typeof workflowEdgeSchema>;

export const workflowSettingsSchema = z.object({
  /** Step limit for this workflow (cycles included); the run fails with `recursion_limit` past it. */
  maxSteps: z.number().int().min(1).max(10_000).optional(),
});

export const workflowDefinitionSchema = z.object({
  schemaVersion: z.literal(WORKFLOW_SCHEMA_VERSION).default(WORKFLOW_SCHEMA_VERSION),
  entry: z.string().min(1),
  variables: z.record(z.string(), variableDefinitionSchema).default({}),
  // A structural bound above the product limit WORKFLOW_LIMITS.maxNodes (1,000, agent.ts), so saving
  // too many nodes gets that limit's own `definition_too_large` error.
  nodes: z.array(workflowNodeSchema).min(1, 'A workflow needs at least one node').max(2000),
  edges: z.array(workflowEdgeSchema).max(4000).default([]),
  settings: workflowSettingsSchema.optional(),
});
export type WorkflowDefinition = z.infer<typeof workflowDefinitionSchema>;
/** What authors write: defaults (schemaVersion, variables, config, edges) may be omitted. */
export type WorkflowDefinitionInput = z.input<typeof workflowDefinitionSchema>;

// ---- validation result ----

export const validationSeveritySchema = z.enum(['error', 'warning']);
export type ValidationSeverity = z.infer<typeof validationSeveritySchema>;

/** Deterministic codes the web IDE attaches to nodes and edges. */
export const WorkflowIssueCodes = {
  schemaInvalid: 'schema_invalid',
  duplicateNodeId: 'duplicate_node_id',
  reservedNodeId: 'reserved_node_id',
  unknownEntry: 'unknown_entry',
  unknownNodeType: 'unknown_node_type',
  configInvalid: 'config_invalid',
  missingService: 'missing_service',
  unknownEdgeSource: 'unknown_edge_source',
  unknownEdgeTarget: 'unknown_edge_target',
  mappingTargetMissing: 'mapping_target_missing',
  fanoutTooFewTargets: 'fanout_too_few_targets',
  errorEdgeWithoutBranch: 'error_edge_without_branch',
  branchWithoutErrorEdge: 'branch_without_error_edge',
  invalidExpression: 'invalid_expression',
  unreachableNode: 'unreachable_node',
  noPathToEnd: 'no_path_to_end',
  unknownTemplateReference: 'unknown_template_reference',
  parameterInvalid: 'parameter_invalid',
} as const;
export type WorkflowIssueCode = (typeof WorkflowIssueCodes)[keyof typeof WorkflowIssueCodes];

export const workflowIssueSchema = z.object({
  /** Dot path into the definition, e.g. `nodes.2.config.prompt` or `edges.0.to`. */
  path: z.string(),
  nodeId: z.string().optional(),
  code: z.string(),
  message: z.string(),
  severity: validationSeveritySchema,
});
export type WorkflowIssue = z.infer<typeof workflowIssueSchema>;

export const workflowValidationResultSchema = z.object({
  valid: z.boolean(),
  issues: z.array(workflowIssueSchema),
});
export type WorkflowValidationResult = z.infer<typeof workflowValidationResultSchema>;

// ---- templates ----

/**
 * A workflow template: a definition whose string values may contain `{{params.x}}`, and a JSON
 * Schema for those parameters.
 */
export const workflowTemplateBodySchema = z.object({
  definition: z.record(z.string(), z.unknown()),
  parameterSchema: z.record(z.string(), z.unknown()).default({ type: 'object', properties: {} }),
});
export type WorkflowTemplateBody = z.input<typeof workflowTemplateBodySchema>;

// ---- run input ----

export const chatTurnSchema = z.object({
  role: z.enum(['system', 'user', 'assistant']),
  content: z.string(),
});
export type ChatTurn = z.infer<typeof chatTurnSchema>;
