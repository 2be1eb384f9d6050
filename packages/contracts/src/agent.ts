import { z } from 'zod';
import { pageOf, pageQuerySchema } from './pagination.js';
import { chatTurnSchema, workflowDefinitionSchema, workflowValidationResultSchema } from './workflow.js';

/**
 * Agents, their versions, categories, publishing and review (ARCHITECTURE.md sections 3 and 5).
 */

// ---- categories ----

export const categorySlugSchema = z
  .string()
  .trim()
  .min(1, 'Slug is required')
  .max(80)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Slug must be lower case letters and digits separated by -');

export const categorySchema = z.object({
  id: z.uuid(),
  parentId: z.uuid().nullable(),
  slug: z.string(),
  name: z.string(),
  nameZh: z.string().nullable(),
  sort: z.number().int(),
});
export type Category = z.infer<typeof categorySchema>;

/**
 * A category with its sub-categories, sorted by `sort` then name. `agentCount`: store-visible
 * agents (published, not archived) in it **and all its sub-categories**. One shape for
 * `GET /api/categories` and `GET /api/store/categories`.
 */
export interface CategoryTreeNode extends Category {
  agentCount: number;
  children: CategoryTreeNode[];
}

/**
 * Spelled out to a fixed depth instead of a recursive schema: a self-reference would be emitted
 * as a `$ref` into local `definitions`, which OpenAPI documents cannot resolve.
 */
function categoryTreeLevel(depth: number): z.ZodType<CategoryTreeNode> {
  const children =
    depth > 0
      ? z.array(categoryTreeLevel(depth - 1))
      : z.array(z.any()).describe('Sub-categories, same shape');
  return categorySchema.extend({
    agentCount: z.number().int().min(0).describe('Store-visible agents here and in all sub-categories'),
    children,
  }) as unknown as z.ZodType<CategoryTreeNode>;
}
export const categoryTreeNodeSchema = categoryTreeLevel(4);
export const categoryTreeSchema = z.object({ items: z.array(categoryTreeNodeSchema) });
export interface CategoryTree {
  items: CategoryTreeNode[];
}

export const createCategoryRequestSchema = z.object({
  parentId: z.uuid().nullable().optional(),
  slug: categorySlugSchema,
  name: z.string().trim().min(1, 'Name is required').max(100),
  nameZh: z.string().trim().min(1).max(100).nullable().optional(),
  sort: z.number().int().min(-10_000).max(10_000).default(0),
});
export type CreateCategoryRequest = z.infer<typeof createCategoryRequestSchema>;

export const updateCategoryRequestSchema = createCategoryRequestSchema
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'Nothing to update', path: ['name'] });
export type UpdateCategoryRequest = z.infer<typeof updateCategoryRequestSchema>;

// ---- agents ----

/**
 * Derived, never set directly: `published` once a version is live (the store lists these),
 * `archived` hides it, otherwise the state of the newest submitted version (or `draft`).
 */
export const agentStatusSchema = z.enum(['draft', 'pending_review', 'published', 'rejected', 'archived']);
export type AgentStatus = z.infer<typeof agentStatusSchema>;

export const reviewStatusSchema = z.enum(['draft', 'pending_review', 'published', 'rejected']);
export type ReviewStatus = z.infer<typeof reviewStatusSchema>;

export const agentSlugSchema = z
  .string()
  .trim()
  .min(2, 'Slug must be at least 2 characters')
  .max(64)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Slug must be lower case letters and digits separated by -');

export const agentTagsSchema = z.array(z.string().trim().min(1).max(40)).max(20, 'At most 20 tags');

export const agentSchema = z.object({
  id: z.uuid(),
  ownerId: z.uuid(),
  slug: z.string(),
  name: z.string(),
  nameZh: z.string().nullable(),
  description: z.string(),
  descriptionZh: z.string().nullable(),
  icon: z.string().nullable(),
  categoryId: z.uuid().nullable(),
  tags: z.array(z.string()),
  status: agentStatusSchema,
  installCount: z.number().int(),
  ratingAvg: z.number(),
  ratingCount: z.number().int(),
  /** Semver of the version the store serves (null until one is published). */
  latestVersion: z.string().nullable(),
  currentVersionId: z.uuid().nullable(),
  /** The template the agent was created from, if any. */
  templateId: z.uuid().nullable(),
  publishedAt: z.string().nullable(),
  archivedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Agent = z.infer<typeof agentSchema>;

/** Service role → service config id, per workflow node id: `{ "answer": { "llm": "<uuid>" } }`. */
export const serviceDependenciesSchema = z.record(z.string().max(64), z.record(z.string().max(50), z.uuid()));
export type ServiceDependencies = z.infer<typeof serviceDependenciesSchema>;

export const modelParamsOverrideSchema = z
  .object({
    temperature: z.number().min(0).max(2).optional(),
    maxTokens: z.number().int().min(1).max(200_000).optional(),
    topP: z.number().min(0).max(1).optional(),
  })
  .catchall(z.union([z.string().max(500), z.number(), z.boolean()]));
export type ModelParamsOverride = z.infer<typeof modelParamsOverrideSchema>;

export const reviewReasonSchema = z.object({
  code: z.string(),
  message: z.string(),
  path: z.string().optional(),
});
export type ReviewReason = z.infer<typeof reviewReasonSchema>;

export const agentVersionSchema = z.object({
  id: z.uuid(),
  agentId: z.uuid(),
  /** Null for the editable draft. */
  version: z.string().nullable(),
  source: z.enum(['inline', 'template']),
  /** Inline definition (source `inline`). */
  workflowDefinition: z.record(z.string(), z.unknown()).nullable(),
  workflowTemplateId: z.uuid().nullable(),
  templateParameters: z.record(z.string(), z.unknown()).nullable(),
  templateVersion: z.number().int().nullable(),
  /** The concrete definition runs use (the inline one, or the template instantiated at save time). */
  resolvedDefinition: z.record(z.string(), z.unknown()).nullable(),
  serviceDependencies: serviceDependenciesSchema,
  modelParamsOverride: z.record(z.string(), z.unknown()),
  systemPrompt: z.string().nullable(),
  toolDependencies: z.array(z.string()),
  ragEnabled: z.boolean(),
  stepLimit: z.number().int().nullable(),
  changelog: z.string().nullable(),
  reviewStatus: reviewStatusSchema,
  reviewNotes: z.string().nullable(),
  reviewReasons: z.array(reviewReasonSchema),
  submittedAt: z.string().nullable(),
  reviewedBy: z.uuid().nullable(),
  reviewedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /**
   * Changes on every save. For the draft it is the workflow's ETag value: send it back as
   * `If-Match: "<revision>"` on `PUT /agents/:id/workflow`; a stale one gets 412.
   */
  revision: z.string(),
});
export type AgentVersion = z.infer<typeof agentVersionSchema>;

/** An agent with its editable draft (absent right after a publish, until the next edit). */
export const agentDetailSchema = agentSchema.extend({ draft: agentVersionSchema.nullable() });
export type AgentDetail = z.infer<typeof agentDetailSchema>;

/**
 * A row of the developer's agent list (`GET /api/agents`, the Studio home): the agent plus when
 * its draft last changed (null right after a publish, until the next edit) and how many chats
 * had a turn in the last 7 days (distinct chats with a chat run started in that window).
 */
export const agentListItemSchema = agentSchema.extend({
  draftUpdatedAt: z.string().nullable(),
  chatsLast7Days: z.number().int().min(0),
});
export type AgentListItem = z.infer<typeof agentListItemSchema>;

export const agentPageSchema = pageOf(agentListItemSchema);

export const slugAvailabilityQuerySchema = z.object({
  slug: agentSlugSchema,
  /** The agent being renamed: its own slug counts as available. */
  exceptId: z.uuid().optional(),
});
export type SlugAvailabilityQuery = z.infer<typeof slugAvailabilityQuerySchema>;

export const slugAvailabilitySchema = z.object({
  slug: z.string(),
  available: z.boolean(),
  /** A free variant (`slug-2`, `slug-3`…) when `slug` is taken, else null. */
  suggestion: z.string().nullable(),
});
export type SlugAvailability = z.infer<typeof slugAvailabilitySchema>;

export const agentListQuerySchema = pageQuerySchema.extend({
  q: z.string().trim().max(200).optional(),
  status: agentStatusSchema.optional(),
  categoryId: z.uuid().optional(),
  /** Admins only: someone else's agents. */
  ownerId: z.uuid().optional(),
});
export type AgentListQuery = z.infer<typeof agentListQuerySchema>;

export const createAgentRequestSchema = z
  .object({
    name: z.string().trim().min(1, 'Name is required').max(100),
    nameZh: z.string().trim().min(1).max(100).nullable().optional(),
    slug: agentSlugSchema.optional(),
    description: z.string().trim().max(2000).default(''),
    descriptionZh: z.string().trim().max(2000).nullable().optional(),
    icon: z.string().trim().max(200).nullable().optional(),
    categoryId: z.uuid().nullable().optional(),
    tags: agentTagsSchema.default([]),
    /** Start from a workflow template instead of the starter workflow. */
    templateId: z.uuid().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((v) => v.parameters === undefined || v.templateId !== undefined, {
    message: 'parameters need a templateId',
    path: ['parameters'],
  });
export type CreateAgentRequest = z.infer<typeof createAgentRequestSchema>;

export const updateAgentRequestSchema = z
  .object({
    name: z.string().trim().min(1, 'Name is required').max(100),
    nameZh: z.string().trim().min(1).max(100).nullable(),
    slug: agentSlugSchema,
    description: z.string().trim().max(2000),
    descriptionZh: z.string().trim().max(2000).nullable(),
    icon: z.string().trim().max(200).nullable(),
    categoryId: z.uuid().nullable(),
    tags: agentTagsSchema,
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'Nothing to update', path: ['name'] });
export type UpdateAgentRequest = z.infer<typeof updateAgentRequestSchema>;

// ---- workflow editing ----

/** Hard limits on what one agent version may hold (checked on save and again at review). */
export const WORKFLOW_LIMITS = { maxDefinitionBytes: 256 * 1024, maxNodes: 1000 } as const;

const draftSettingsShape = {
  systemPrompt: z.string().max(20_000).nullable().optional(),
  serviceDependencies: serviceDependenciesSchema.optional(),
  modelParamsOverride: modelParamsOverrideSchema.optional(),
  /** MCP server names (or ids) whose tools the agent uses. */
  toolDependencies: z.array(z.string().trim().min(1).max(200)).max(50).optional(),
  ragEnabled: z.boolean().optional(),
  stepLimit: z.number().int().min(1).max(1000).nullable().optional(),
};

/**
 * The draft's settings without its workflow (`PATCH /api/agents/:id/draft/settings`, the Studio's
 * Overview tab): only the fields given change.
 */
export const draftSettingsRequestSchema = z
  .object(draftSettingsShape)
  .refine((v) => Object.values(v).some((x) => x !== undefined), {
    message: 'Nothing to update',
    path: ['systemPrompt'],
  });
export type DraftSettingsRequest = z.infer<typeof draftSettingsRequestSchema>;

/** Exactly one of `definition` and `templateId` (a template snapshot or an inline workflow). */
export const updateWorkflowRequestSchema = z
  .object({
    definition: workflowDefinitionSchema.optional(),
    templateId: z.uuid().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    ...draftSettingsShape,
  })
  .superRefine((v, ctx) => {
    if (v.definition !== undefined && v.templateId !== undefined) {
      for (const path of ['definition', 'templateId'])
        ctx.addIssue({
          code: 'custom',
          path: [path],
          message: 'Give either definition or templateId, not both',
        });
    } else if (v.definition === undefined && v.templateId === undefined) {
      ctx.addIssue({ code: 'custom', path: ['definition'], message: 'Give either definition or templateId' });
    }
    if (v.parameters !== undefined && v.templateId === undefined)
      ctx.addIssue({ code: 'custom', path: ['parameters'], message: 'parameters need a templateId' });
  });
export type UpdateWorkflowRequest = z.infer<typeof updateWorkflowRequestSchema>;

export const fromTemplateRequestSchema = z.object({
  templateId: z.uuid(),
  parameters: z.record(z.string(), z.unknown()).default({}),
});
export type FromTemplateRequest = z.infer<typeof fromTemplateRequestSchema>;

/** The saved draft plus its validation: drafts may be saved with problems, publishing may not. */
export const workflowSaveResultSchema = z.object({
  draft: agentVersionSchema,
  validation: workflowValidationResultSchema,
});
export type WorkflowSaveResult = z.infer<typeof workflowSaveResultSchema>;

export const agentTestRequestSchema = z.object({
  input: z.string().min(1, 'Input is required').max(20_000),
  history: z.array(chatTurnSchema).max(200).optional(),
  /**
   * Run variables (`{{vars.x}}`), checked against the workflow's `variables` declarations:
   * an undeclared name or a value of the wrong type → 400 `invalid_variable` naming
   * `body.variables.<name>`. Declared variables not given keep their default.
   */
  variables: z.record(z.string().min(1).max(100), z.unknown()).optional(),
});
export type AgentTestRequest = z.infer<typeof agentTestRequestSchema>;

// ---- versions, publishing, review ----

export const publishRequestSchema = z.object({
  /** Semver, greater than every earlier version of the agent (e.g. `1.0.0`). */
  version: z.string().trim().min(1, 'Version is required').max(64),
  changelog: z.string().trim().max(5000).default(''),
});
export type PublishRequest = z.infer<typeof publishRequestSchema>;

export const workflowDiffSchema = z.object({
  entryChanged: z.object({ from: z.string().nullable(), to: z.string().nullable() }).nullable(),
  variablesChanged: z.array(z.string()),
  nodesAdded: z.array(z.object({ id: z.string(), type: z.string() })),
  nodesRemoved: z.array(z.object({ id: z.string(), type: z.string() })),
  nodesChanged: z.array(
    z.object({
      id: z.string(),
      typeChanged: z.object({ from: z.string(), to: z.string() }).nullable(),
      configKeys: z.array(z.string()),
      servicesChanged: z.boolean(),
      nameChanged: z.boolean(),
    }),
  ),
  /** Edges flattened to `from → to` links (conditional mapping keys and fan-out targets each count). */
  edgesAdded: z.array(
    z.object({ from: z.string(), to: z.string(), type: z.string(), label: z.string().optional() }),
  ),
  edgesRemoved: z.array(
    z.object({ from: z.string(), to: z.string(), type: z.string(), label: z.string().optional() }),
  ),
  /** Source node ids whose conditional edge changed its condition or default. */
  conditionsChanged: z.array(z.string()),
});
export type WorkflowDiff = z.infer<typeof workflowDiffSchema>;

export const agentVersionListSchema = z.object({ items: z.array(agentVersionSchema) });
export type AgentVersionList = z.infer<typeof agentVersionListSchema>;

export const agentVersionDetailSchema = agentVersionSchema.extend({
  /** The version this one is compared with (null for the first). */
  previousVersion: z.string().nullable(),
  diff: workflowDiffSchema.nullable(),
});
export type AgentVersionDetail = z.infer<typeof agentVersionDetailSchema>;

export const reviewQueueItemSchema = agentVersionSchema.extend({
  agent: z.object({ id: z.uuid(), name: z.string(), slug: z.string(), ownerId: z.uuid() }),
});
export type ReviewQueueItem = z.infer<typeof reviewQueueItemSchema>;
export const reviewQueuePageSchema = pageOf(reviewQueueItemSchema);
export const reviewQueueQuerySchema = pageQuerySchema;
export type ReviewQueueQuery = z.infer<typeof reviewQueueQuerySchema>;

export const approveReviewRequestSchema = z.object({ notes: z.string().trim().max(2000).optional() });
export type ApproveReviewRequest = z.infer<typeof approveReviewRequestSchema>;

export const rejectReviewRequestSchema = z.object({
  reason: z.string().trim().min(1, 'A reason is required').max(2000),
});
export type RejectReviewRequest = z.infer<typeof rejectReviewRequestSchema>;

export const AgentErrorCodes = {
  slugTaken: 'slug_taken',
  categoryInUse: 'category_in_use',
  categorySlugTaken: 'category_slug_taken',
  invalidVersion: 'invalid_version',
  versionNotGreater: 'version_not_greater',
  versionImmutable: 'version_immutable',
  reviewPending: 'review_pending',
  definitionTooLarge: 'definition_too_large',
  invalidTransition: 'invalid_transition',
  templateNotFound: 'template_not_found',
  agentArchived: 'agent_archived',
  workflowInvalid: 'workflow_invalid',
  /** `If-Match` names an older draft revision than the stored one (412). */
  draftRevisionStale: 'draft_revision_stale',
  /** A test run's variable is not declared by the workflow or has the wrong type (400). */
  invalidVariable: 'invalid_variable',
} as const;
