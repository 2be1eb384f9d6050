import { z } from 'zod';
import { pageOf, pageQuerySchema } from './pagination.js';
import {
  type CategoryTree,
  type CategoryTreeNode,
  categoryTreeNodeSchema,
  categoryTreeSchema,
} from './agent.js';

/**
 * The store: what end users see of published agents — search, details, installs, ratings,
 * recommendations (ARCHITECTURE.md section 5, issue 5 "Store").
 */

export const storeSortSchema = z.enum(['relevance', 'popular', 'rating', 'newest']);
export type StoreSort = z.infer<typeof storeSortSchema>;

/** `tags=a,b` and `tags=a&tags=b` both mean "any of a, b". */
const tagListSchema = z.preprocess(
  (v) => {
    const parts = (Array.isArray(v) ? v : [v]).flatMap((x) => (typeof x === 'string' ? x.split(',') : [x]));
    const cleaned = parts.map((x) => (typeof x === 'string' ? x.trim() : x)).filter((x) => x !== '');
    return cleaned.length ? cleaned : undefined;
  },
  z.array(z.string().max(40, 'A tag has at most 40 characters')).max(20, 'At most 20 tags').optional(),
);

export const storeAgentQuerySchema = pageQuerySchema.extend({
  /** Free text: English words (stemmed), Chinese substrings, typos tolerated. */
  q: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.string().trim().max(200, 'A search has at most 200 characters').optional(),
  ),
  /** Category id or slug; sub-categories are included. */
  category: z.string().trim().min(1).max(80).optional(),
  tags: tagListSchema,
  /** Default: `relevance` with `q`, else `popular`. */
  sort: storeSortSchema.optional(),
});
export type StoreAgentQuery = z.infer<typeof storeAgentQuerySchema>;

/**
 * Chinese labels of tags. Tags stay language-neutral keys (what `tags=` filters on and what
 * developers type); the UI shows a tag's label in the reader's language from this one vocabulary,
 * which covers the seeded agents and templates and the common ones, and shows other tags as typed.
 */
export const TAG_LABELS_ZH: Readonly<Record<string, string>> = {
  agent: '智能体',
  analysis: '分析',
  approval: '审批',
  chat: '对话',
  classifier: '分类',
  code: '代码',
  content: '内容',
  data: '数据',
  escalation: '升级处理',
  'fan-out': '并行分发',
  faq: '常见问题',
  'human-in-the-loop': '人工介入',
  language: '语言',
  mcp: 'MCP',
  'multi-agent': '多智能体',
  outline: '大纲',
  productivity: '效率',
  rag: '知识库检索',
  research: '研究',
  review: '评审',
  search: '搜索',
  statistics: '统计',
  summary: '摘要',
  support: '客服',
  tools: '工具',
  translation: '翻译',
  writing: '写作',
};

export const storeCategoryRefSchema = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  nameZh: z.string().nullable(),
});
export type StoreCategoryRef = z.infer<typeof storeCategoryRefSchema>;

export const storeDeveloperSchema = z.object({ id: z.uuid(), displayName: z.string() });

export const storeAgentSummarySchema = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  nameZh: z.string().nullable(),
  description: z.string(),
  descriptionZh: z.string().nullable(),
  icon: z.string().nullable(),
  tags: z.array(z.string()),
  category: storeCategoryRefSchema.nullable(),
  developer: storeDeveloperSchema,
  installCount: z.number().int(),
  ratingAvg: z.number(),
  ratingCount: z.number().int(),
  /** Bayesian average used by `sort=rating`: few votes are pulled towards the global mean. */
  ratingScore: z.number(),
  latestVersion: z.string().nullable(),
  publishedAt: z.string().nullable(),
  /** Whether the caller installed it (always false without credentials). */
  installed: z.boolean(),
});
export type StoreAgentSummary = z.infer<typeof storeAgentSummarySchema>;
export const storeAgentPageSchema = pageOf(storeAgentSummarySchema);
export type StoreAgentPage = z.infer<typeof storeAgentPageSchema>;

export const ratingHistogramSchema = z.object({
  '1': z.number().int(),
  '2': z.number().int(),
  '3': z.number().int(),
  '4': z.number().int(),
  '5': z.number().int(),
});
export const ratingSummarySchema = z.object({
  average: z.number(),
  count: z.number().int(),
  histogram: ratingHistogramSchema,
});
export type RatingSummary = z.infer<typeof ratingSummarySchema>;

export const storeVersionSchema = z.object({
  version: z.string(),
  changelog: z.string().nullable(),
  publishedAt: z.string().nullable(),
});

export const storeAgentDetailSchema = storeAgentSummarySchema.extend({
  /** Published versions, newest first. */
  versions: z.array(storeVersionSchema),
  ratingSummary: ratingSummarySchema,
  /** The caller's own rating, if signed in and rated. */
  myRating: z.object({ score: z.number().int(), review: z.string().nullable() }).nullable(),
  /** Whether the signed-in caller may rate it (installed or used it, and is not its developer). */
  canRate: z.boolean(),
});
export type StoreAgentDetail = z.infer<typeof storeAgentDetailSchema>;

export const installStateSchema = z.object({
  agentId: z.uuid(),
  installed: z.boolean(),
  installedAt: z.string().nullable(),
  installCount: z.number().int(),
});
export type InstallState = z.infer<typeof installStateSchema>;

export const rateAgentRequestSchema = z.object({
  score: z.number().int('Score must be a whole number').min(1, 'Score is 1 to 5').max(5, 'Score is 1 to 5'),
  review: z
    .string()
    .trim()
    .max(2000, 'A review has at most 2000 characters')
    .nullable()
    .optional()
    .transform((v) => (v ? v : null)),
});
export type RateAgentRequest = z.infer<typeof rateAgentRequestSchema>;

export const agentRatingSchema = z.object({
  id: z.uuid(),
  agentId: z.uuid(),
  score: z.number().int(),
  review: z.string().nullable(),
  reviewer: z.object({ id: z.uuid(), displayName: z.string() }),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type AgentRating = z.infer<typeof agentRatingSchema>;
export const agentRatingPageSchema = pageOf(agentRatingSchema);
export type AgentRatingPage = z.infer<typeof agentRatingPageSchema>;
export const ratingListQuerySchema = pageQuerySchema;
export type RatingListQuery = z.infer<typeof ratingListQuerySchema>;

/** The answer to a rating: the stored rating and the agent's new totals. */
export const rateAgentResultSchema = z.object({
  rating: agentRatingSchema,
  /** False when an earlier rating of the caller was replaced. */
  created: z.boolean(),
  ratingAvg: z.number(),
  ratingCount: z.number().int(),
});
export type RateAgentResult = z.infer<typeof rateAgentResultSchema>;

export const libraryItemSchema = z.object({
  agent: storeAgentSummarySchema,
  installedAt: z.string(),
  /** Last time the caller used the agent (chat or API), from agent_usage. */
  lastUsedAt: z.string().nullable(),
  useCount: z.number().int(),
  /** False once the agent was archived or unpublished: existing chats still work. */
  available: z.boolean(),
});
export type LibraryItem = z.infer<typeof libraryItemSchema>;
export const libraryPageSchema = pageOf(libraryItemSchema);
export type LibraryPage = z.infer<typeof libraryPageSchema>;
export const libraryQuerySchema = pageQuerySchema;
export type LibraryQuery = z.infer<typeof libraryQuerySchema>;

export const recommendationQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(50).default(10),
});
export type RecommendationQuery = z.infer<typeof recommendationQuerySchema>;

export const recommendationSchema = storeAgentSummarySchema.extend({
  /** `category`: popular in a category the user uses; `top_rated`: cold start / filler. */
  reason: z.enum(['category', 'top_rated']),
});
export type Recommendation = z.infer<typeof recommendationSchema>;
export const recommendationListSchema = z.object({ items: z.array(recommendationSchema) });
export type RecommendationList = z.infer<typeof recommendationListSchema>;

/** The store's category tree is the category tree (`agentCount` = store-visible agents, subtree included). */
export type StoreCategoryNode = CategoryTreeNode;
export const storeCategoryNodeSchema = categoryTreeNodeSchema;
export const storeCategoryTreeSchema = categoryTreeSchema;
export type StoreCategoryTree = CategoryTree;

export const StoreErrorCodes = {
  /** Rating needs an install or a use of the agent first, and developers cannot rate their own. */
  ratingNotAllowed: 'rating_not_allowed',
} as const;
