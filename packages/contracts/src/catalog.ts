import { z } from 'zod';
import { errorDetailSchema } from './errors.js';
import { jsonSchemaObjectSchema, nodeTypeNameSchema } from './node-type.js';
import { pageOf, pageQuerySchema } from './pagination.js';
import { workflowValidationResultSchema } from './workflow.js';

/** Catalog API (ARCHITECTURE.md section 5): node types and workflow templates. */

export const CatalogErrorCodes = {
  unknownExecutorKind: 'unknown_executor_kind',
  invalidJsonSchema: 'invalid_json_schema',
  configInvalid: 'config_invalid',
  nodeTypeExists: 'node_type_exists',
  nodeTypeInUse: 'node_type_in_use',
  nodeTypeBuiltin: 'node_type_builtin',
  templateKeyTaken: 'template_key_taken',
  templateInvalid: 'template_invalid',
  templateVersionNotFound: 'template_version_not_found',
  parameterInvalid: 'parameter_invalid',
} as const;

// ---- node types ----

/** A node type as the API returns it: the engine descriptor plus catalog bookkeeping. */
export const nodeTypeSchema = z.object({
  typeName: nodeTypeNameSchema,
  /** Executor kind (one of the engine's built-in executors). */
  kind: z.string(),
  displayName: z.string(),
  description: z.string(),
  category: z.string(),
  tags: z.array(z.string()),
  icon: z.string().nullable(),
  inputSchema: jsonSchemaObjectSchema,
  outputSchema: jsonSchemaObjectSchema,
  requiredServices: z.array(z.string()),
  defaultConfig: z.record(z.string(), z.unknown()),
  /** Seeded from the engine: cannot be deleted and keeps its kind. */
  builtin: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type NodeType = z.infer<typeof nodeTypeSchema>;

const tagsSchema = z.array(z.string().trim().min(1).max(50)).max(30);
const categorySchema = z.string().trim().min(1).max(100);

export const createNodeTypeRequestSchema = z.object({
  typeName: nodeTypeNameSchema,
  /** Checked against the engine's executor registry (400 `unknown_executor_kind`). */
  kind: z.string().min(1).max(50),
  displayName: z.string().trim().min(1).max(200),
  description: z.string().max(2000).default(''),
  category: categorySchema.default('general'),
  tags: tagsSchema.default([]),
  icon: z.string().max(100).nullable().optional(),
  inputSchema: jsonSchemaObjectSchema,
  outputSchema: jsonSchemaObjectSchema.default({}),
  requiredServices: z.array(z.string().min(1).max(50)).max(20).default([]),
  defaultConfig: z.record(z.string(), z.unknown()).default({}),
});
export type CreateNodeTypeRequest = z.input<typeof createNodeTypeRequestSchema>;
export type CreateNodeType = z.output<typeof createNodeTypeRequestSchema>;

/** PUT: fields left out keep their value; the type name is the identity and never changes. */
export const updateNodeTypeRequestSchema = z
  .object({
    kind: z.string().min(1).max(50),
    displayName: z.string().trim().min(1).max(200),
    description: z.string().max(2000),
    category: categorySchema,
    tags: tagsSchema,
    icon: z.string().max(100).nullable(),
    inputSchema: jsonSchemaObjectSchema,
    outputSchema: jsonSchemaObjectSchema,
    requiredServices: z.array(z.string().min(1).max(50)).max(20),
    defaultConfig: z.record(z.string(), z.unknown()),
  })
  .partial()
  .strict();
export type UpdateNodeTypeRequest = z.infer<typeof updateNodeTypeRequestSchema>;

export const nodeTypeQuerySchema = pageQuerySchema.extend({
  category: z.string().max(100).optional(),
  kind: z.string().max(50).optional(),
  // The IDE palette wants every node type in one call.
  pageSize: z.coerce.number().int().min(1).max(100).default(100),
});
export type NodeTypeQuery = z.infer<typeof nodeTypeQuerySchema>;
export const nodeTypePageSchema = pageOf(nodeTypeSchema);

export const validateNodeConfigRequestSchema = z.object({
  config: z.record(z.string(), z.unknown()).default({}),
});
export type ValidateNodeConfigRequest = z.input<typeof validateNodeConfigRequestSchema>;

export const nodeConfigValidationSchema = z.object({
  valid: z.boolean(),
  /** The config merged over the node type's defaults: what the executor will see. */
  config: z.record(z.string(), z.unknown()),
  /** Paths like `config.prompt`. */
  errors: z.array(errorDetailSchema),
  warnings: z.array(errorDetailSchema),
});
export type NodeConfigValidation = z.infer<typeof nodeConfigValidationSchema>;

/** Where a node type is used: what blocks deleting it, with enough to link to each place. */
export const nodeTypeUsageItemSchema = z.object({
  kind: z.enum(['workflow_template', 'agent_version']),
  id: z.string(),
  name: z.string(),
  /** For an agent version: its agent, so the console can link to the agent in the Studio. */
  agentId: z.string().optional(),
});
export type NodeTypeUsageItem = z.infer<typeof nodeTypeUsageItemSchema>;
export const nodeTypeUsageSchema = z.object({
  typeName: nodeTypeNameSchema,
  total: z.number().int(),
  items: z.array(nodeTypeUsageItemSchema),
});
export type NodeTypeUsage = z.infer<typeof nodeTypeUsageSchema>;

// ---- workflow templates ----

export const TEMPLATE_STATUSES = ['active', 'deprecated', 'draft'] as const;
export const templateStatusSchema = z.enum(TEMPLATE_STATUSES);
export type TemplateStatus = z.infer<typeof templateStatusSchema>;

export const TEMPLATE_COMPLEXITIES = ['simple', 'medium', 'complex'] as const;
export const templateComplexitySchema = z.enum(TEMPLATE_COMPLEXITIES);
export type TemplateComplexity = z.infer<typeof templateComplexitySchema>;

export const templateKeySchema = z
  .string()
  .min(2)
  .max(100)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Key must be lower-case words joined by hyphens');

export const workflowTemplateSummarySchema = z.object({
  id: z.uuid(),
  /** Stable slug (seeded templates are found by it). */
  key: z.string(),
  name: z.string(),
  description: z.string(),
  category: z.string(),
  tags: z.array(z.string()),
  version: z.number().int(),
  status: templateStatusSchema,
  usageCount: z.number().int(),
  rating: z.number().nullable(),
  complexity: templateComplexitySchema,
  nodeCount: z.number().int(),
  /** Distinct node types used by the definition. */
  nodeTypes: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type WorkflowTemplateSummary = z.infer<typeof workflowTemplateSummarySchema>;

export const workflowTemplateSchema = workflowTemplateSummarySchema.extend({
  /** A workflow definition whose strings may contain `{{params.x}}`. */
  definition: z.record(z.string(), z.unknown()),
  /** JSON Schema (type object) of the parameters. */
  parameterSchema: jsonSchemaObjectSchema,
});
export type WorkflowTemplate = z.infer<typeof workflowTemplateSchema>;

export const createWorkflowTemplateRequestSchema = z.object({
  key: templateKeySchema.optional(),
  name: z.string().trim().min(1).max(200),
  description: z.string().max(5000).default(''),
  category: categorySchema.default('general'),
  tags: tagsSchema.default([]),
  definition: z.record(z.string(), z.unknown()),
  parameterSchema: jsonSchemaObjectSchema.default({ type: 'object', properties: {} }),
  /** Drafts may be incomplete; active templates must validate with their default parameters. */
  status: templateStatusSchema.default('draft'),
  rating: z.number().min(0).max(5).nullable().optional(),
});
export type CreateWorkflowTemplateRequest = z.input<typeof createWorkflowTemplateRequestSchema>;
export type CreateWorkflowTemplate = z.output<typeof createWorkflowTemplateRequestSchema>;

/** PUT: fields left out keep their value; every update bumps `version`. */
export const updateWorkflowTemplateRequestSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    description: z.string().max(5000),
    category: categorySchema,
    tags: tagsSchema,
    definition: z.record(z.string(), z.unknown()),
    parameterSchema: jsonSchemaObjectSchema,
    status: templateStatusSchema,
    rating: z.number().min(0).max(5).nullable(),
  })
  .partial()
  .strict();
export type UpdateWorkflowTemplateRequest = z.infer<typeof updateWorkflowTemplateRequestSchema>;

export const workflowTemplateQuerySchema = pageQuerySchema.extend({
  q: z.string().trim().max(200).optional(),
  category: z.string().max(100).optional(),
  nodeType: z.string().max(100).optional(),
  complexity: templateComplexitySchema.optional(),
  /** Admins only; everyone else always sees `active`. */
  status: templateStatusSchema.optional(),
});
export type WorkflowTemplateQuery = z.infer<typeof workflowTemplateQuerySchema>;
export const workflowTemplatePageSchema = pageOf(workflowTemplateSummarySchema);

export const instantiateTemplateRequestSchema = z.object({
  parameters: z.record(z.string(), z.unknown()).default({}),
});
export type InstantiateTemplateRequest = z.input<typeof instantiateTemplateRequestSchema>;

export const templateInstanceSchema = z.object({
  templateId: z.uuid(),
  templateVersion: z.number().int(),
  /** Parameters after schema defaults were applied. */
  parameters: z.record(z.string(), z.unknown()),
  definition: z.record(z.string(), z.unknown()),
  validation: workflowValidationResultSchema,
});
export type TemplateInstance = z.infer<typeof templateInstanceSchema>;

export const templateValidationSchema = workflowValidationResultSchema.extend({
  /** The parameters the definition was checked with (defaults, then examples/placeholders). */
  parameters: z.record(z.string(), z.unknown()),
});
export type TemplateValidation = z.infer<typeof templateValidationSchema>;

export const templateUsageStatsSchema = z.object({
  instantiations: z.number().int(),
  agents: z.number().int(),
  chats: z.number().int(),
});
export type TemplateUsageStats = z.infer<typeof templateUsageStatsSchema>;

/** One stored version of a template (every update writes one). */
export const templateRevisionSchema = z.object({
  version: z.number().int(),
  nodeCount: z.number().int(),
  createdAt: z.string(),
});
export type TemplateRevision = z.infer<typeof templateRevisionSchema>;
export const templateRevisionListSchema = z.object({ items: z.array(templateRevisionSchema) });
export type TemplateRevisionList = z.infer<typeof templateRevisionListSchema>;

/** POST /workflow-templates/validate: an unsaved definition and parameter schema (the admin editor). */
export const validateTemplateDraftRequestSchema = z.object({
  definition: z.record(z.string(), z.unknown()),
  parameterSchema: jsonSchemaObjectSchema.default({ type: 'object', properties: {} }),
});
export type ValidateTemplateDraftRequest = z.input<typeof validateTemplateDraftRequestSchema>;

/**
 * DELETE answer: a template that agents use is deprecated instead (hidden from developers, their
 * agents keep working); an unused one is removed.
 */
export const deleteWorkflowTemplateResultSchema = z.object({
  id: z.uuid(),
  outcome: z.enum(['deleted', 'deprecated']),
  agents: z.number().int(),
});
export type DeleteWorkflowTemplateResult = z.infer<typeof deleteWorkflowTemplateResultSchema>;
