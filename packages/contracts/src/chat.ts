import { z } from 'zod';
import { retrievedChunkSchema } from './knowledge.js';
import { humanInputChoiceSchema, tokenUsageSchema } from './events.js';
import { pageOf, pageQuerySchema } from './pagination.js';
import { runSchema } from './run.js';

/**
 * Chats (ARCHITECTURE.md section 5, chat): a conversation of one user with one published agent
 * version, locked when the chat is created. Messages form a tree (`parentMessageId`), so a
 * regenerated reply is a sibling of the earlier one.
 */

const semverSchema = z.string().regex(/^\d+\.\d+\.\d+$/, 'Expected a version such as 1.2.0');

export const createChatRequestSchema = z.object({
  agentId: z.uuid(),
  /** A published version of the agent; default its current version. */
  version: semverSchema.optional(),
  title: z.string().trim().min(1).max(200).optional(),
});
export type CreateChatRequest = z.infer<typeof createChatRequestSchema>;

export const updateChatRequestSchema = z
  .object({
    title: z.string().trim().min(1).max(200).optional(),
    archived: z.boolean().optional(),
  })
  .refine((b) => b.title !== undefined || b.archived !== undefined, {
    message: 'Give title or archived',
    path: ['title'],
  });
export type UpdateChatRequest = z.infer<typeof updateChatRequestSchema>;

export const chatListQuerySchema = pageQuerySchema.extend({
  q: z.string().trim().max(200).optional(),
  archived: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
export type ChatListQuery = z.infer<typeof chatListQuerySchema>;

export const chatSchema = z.object({
  id: z.uuid(),
  agentId: z.uuid(),
  agentName: z.string(),
  /** The agent's Chinese name, shown instead of `agentName` when the UI is in Chinese. */
  agentNameZh: z.string().nullable(),
  agentVersionId: z.uuid(),
  agentVersion: z.string(),
  title: z.string(),
  archived: z.boolean(),
  lastActivityAt: z.string(),
  createdAt: z.string(),
});
export type Chat = z.infer<typeof chatSchema>;
export const chatListSchema = pageOf(chatSchema);
export type ChatList = z.infer<typeof chatListSchema>;

export const CHAT_MESSAGE_STATUSES = ['completed', 'streaming', 'paused', 'failed', 'cancelled'] as const;
export const chatMessageStatusSchema = z.enum(CHAT_MESSAGE_STATUSES);
export type ChatMessageStatus = z.infer<typeof chatMessageStatusSchema>;

export const chatMessageSchema = z.object({
  id: z.uuid(),
  chatId: z.uuid(),
  parentMessageId: z.uuid().nullable(),
  role: z.enum(['user', 'assistant']),
  content: z.string(),
  status: chatMessageStatusSchema,
  runId: z.uuid().nullable(),
  /** Assistant replies: version that answered, usage and cost, error when not completed. */
  metadata: z.object({
    agentVersion: z.string().optional(),
    usage: tokenUsageSchema.optional(),
    error: z.object({ code: z.string(), message: z.string() }).optional(),
    /** The question of a `human_input` node the run paused at. */
    prompt: z.string().optional(),
    /** Its answers offered as buttons, and whether other replies are accepted (default true). */
    choices: z.array(humanInputChoiceSchema).optional(),
    allowFreeText: z.boolean().optional(),
    /** Passages retrieval nodes found for this answer: its numbered citations. */
    sources: z.array(retrievedChunkSchema).optional(),
  }),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;
export const chatMessageListSchema = z.object({ items: z.array(chatMessageSchema) });
export type ChatMessageList = z.infer<typeof chatMessageListSchema>;

export const postMessageRequestSchema = z.object({
  content: z.string().trim().min(1).max(100_000),
  /**
   * The message this one answers; default the latest message of the chat. A user message as
   * parent regenerates its reply; `null` starts a new root (an edited first question).
   */
  parentMessageId: z.uuid().nullable().optional(),
});
export type PostMessageRequest = z.infer<typeof postMessageRequestSchema>;

export const postMessageResponseSchema = z.object({
  userMessage: chatMessageSchema,
  assistantMessage: chatMessageSchema,
  run: runSchema,
});
export type PostMessageResponse = z.infer<typeof postMessageResponseSchema>;

export const runActionResponseSchema = z.object({
  runId: z.uuid(),
  status: z.string(),
});
export type RunActionResponse = z.infer<typeof runActionResponseSchema>;

export const runStreamQuerySchema = z.object({
  lastEventId: z
    .string()
    .regex(/^\d{1,15}$/, 'Expected a run event id')
    .optional(),
});
export type RunStreamQuery = z.infer<typeof runStreamQuerySchema>;

// ---- OpenAI-compatible API (`/v1`): the subset the official clients send and read ----

const openAiContentPartSchema = z.looseObject({ type: z.string(), text: z.string().optional() });

export const openAiChatRequestSchema = z.looseObject({
  /** Agent slug, optionally `slug@1.2.0` for a given published version. */
  model: z.string().trim().min(1).max(200),
  messages: z
    .array(
      z.looseObject({
        role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']),
        content: z
          .union([z.string(), z.array(openAiContentPartSchema)])
          .nullable()
          .optional(),
      }),
    )
    .min(1)
    .max(500),
  stream: z.boolean().nullable().optional(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullable().optional(),
  // Overrides of the agent's model parameters (OpenAI's ranges; the agent's own limits are applied by the API).
  temperature: z.number().min(0).max(2).nullable().optional(),
  top_p: z.number().min(0).max(1).nullable().optional(),
  max_tokens: z.number().int().min(1).nullable().optional(),
  /** OpenAI's newer name for `max_tokens`; the smaller one wins when both are sent. */
  max_completion_tokens: z.number().int().min(1).nullable().optional(),
  stop: z
    .union([z.string().min(1).max(200), z.array(z.string().min(1).max(200)).max(4)])
    .nullable()
    .optional(),
});
export type OpenAiChatRequest = z.infer<typeof openAiChatRequestSchema>;

export const openAiUsageSchema = z.object({
  prompt_tokens: z.number().int(),
  completion_tokens: z.number().int(),
  total_tokens: z.number().int(),
});

export const openAiChatCompletionSchema = z.object({
  id: z.string(),
  object: z.literal('chat.completion'),
  created: z.number().int(),
  model: z.string(),
  choices: z.array(
    z.object({
      index: z.number().int(),
      message: z.object({ role: z.literal('assistant'), content: z.string() }),
      finish_reason: z.string(),
    }),
  ),
  usage: openAiUsageSchema,
});
export type OpenAiChatCompletion = z.infer<typeof openAiChatCompletionSchema>;

export const openAiModelListSchema = z.object({
  object: z.literal('list'),
  data: z.array(
    z.object({ id: z.string(), object: z.literal('model'), created: z.number().int(), owned_by: z.string() }),
  ),
});
export type OpenAiModelList = z.infer<typeof openAiModelListSchema>;
