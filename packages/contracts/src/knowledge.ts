import { z } from 'zod';
import { pageOf, pageQuerySchema } from './pagination.js';

/**
 * Knowledge bases (RAG): documents are split into chunks, embedded and searched by the
 * `retrieval` node. Routes under `/api/knowledge-bases` (developers and admins; a base is its
 * owner's, or platform-wide when an admin creates it with `scope: 'platform'`).
 */

export const KnowledgeErrorCodes = {
  fileTooLarge: 'file_too_large',
  unsupportedFileType: 'unsupported_file_type',
  documentLimit: 'document_limit_reached',
  duplicateDocument: 'duplicate_document',
  parseFailed: 'document_parse_failed',
  embeddingFailed: 'embedding_failed',
  urlFetchFailed: 'url_fetch_failed',
  knowledgeBaseNotFound: 'knowledge_base_not_found',
} as const;

export const chunkingSettingsSchema = z
  .object({
    /** Characters per chunk (recursive splitter: headings, paragraphs, lines, words). */
    chunkSize: z.number().int().min(100).max(8000).default(800),
    chunkOverlap: z.number().int().min(0).max(2000).default(100),
  })
  .refine((c) => c.chunkOverlap < c.chunkSize, {
    message: 'chunkOverlap must be smaller than chunkSize',
    path: ['chunkOverlap'],
  });
export type ChunkingSettings = z.infer<typeof chunkingSettingsSchema>;

export const retrievalSettingsSchema = z.object({
  topK: z.number().int().min(1).max(50).default(5),
  /** Minimum cosine similarity (0–1) of a returned chunk. */
  scoreThreshold: z.number().min(0).max(1).default(0),
  /**
   * Weight of the full-text ranking in the reciprocal rank fusion with the vector ranking
   * (0 = vector similarity only, 1 = full text only).
   */
  hybridWeight: z.number().min(0).max(1).default(0.3),
});
export type RetrievalSettings = z.infer<typeof retrievalSettingsSchema>;

/**
 * Which embedding model a base uses. `serviceConfigId` null: the offline demo embedding
 * (deterministic feature hashing of words, `model: 'hashing-512'`). Else an OpenAI-compatible llm
 * service config whose server also serves `POST {baseURL}/embeddings` with `model`.
 * Fixed at creation: changing it would need every chunk embedded again.
 */
export const embeddingSettingsSchema = z.object({
  serviceConfigId: z.uuid().nullable().default(null),
  model: z.string().trim().min(1).max(200).optional(),
});
export type EmbeddingSettings = z.infer<typeof embeddingSettingsSchema>;

export const knowledgeBaseScopeSchema = z.enum(['personal', 'platform']);

export const createKnowledgeBaseSchema = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).default(''),
  scope: knowledgeBaseScopeSchema.default('personal'),
  embedding: embeddingSettingsSchema.default({ serviceConfigId: null }),
  chunking: chunkingSettingsSchema.default({ chunkSize: 800, chunkOverlap: 100 }),
  retrieval: retrievalSettingsSchema.default({ topK: 5, scoreThreshold: 0, hybridWeight: 0.3 }),
});
export type CreateKnowledgeBase = z.infer<typeof createKnowledgeBaseSchema>;
/** What a client sends (defaults may be left out). */
export type CreateKnowledgeBaseInput = z.input<typeof createKnowledgeBaseSchema>;

export const updateKnowledgeBaseSchema = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  description: z.string().max(2000).optional(),
  chunking: chunkingSettingsSchema.optional(),
  retrieval: retrievalSettingsSchema.optional(),
});
export type UpdateKnowledgeBase = z.infer<typeof updateKnowledgeBaseSchema>;

export const knowledgeBaseSchema = z.object({
  id: z.uuid(),
  ownerId: z.uuid().nullable(),
  scope: knowledgeBaseScopeSchema,
  name: z.string(),
  description: z.string(),
  embedding: z.object({ serviceConfigId: z.string().nullable(), model: z.string(), dimensions: z.number() }),
  chunking: z.object({ chunkSize: z.number(), chunkOverlap: z.number() }),
  retrieval: z.object({ topK: z.number(), scoreThreshold: z.number(), hybridWeight: z.number() }),
  documentCount: z.number().int(),
  chunkCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type KnowledgeBase = z.infer<typeof knowledgeBaseSchema>;
export const knowledgeBasePageSchema = pageOf(knowledgeBaseSchema);
export const knowledgeBaseQuerySchema = pageQuerySchema;

export const DOCUMENT_STATUSES = ['queued', 'processing', 'indexed', 'failed'] as const;
export const documentStatusSchema = z.enum(DOCUMENT_STATUSES);
export type DocumentStatus = z.infer<typeof documentStatusSchema>;
export const documentSourceSchema = z.enum(['text', 'file', 'url']);

export const knowledgeDocumentSchema = z.object({
  id: z.uuid(),
  knowledgeBaseId: z.uuid(),
  name: z.string(),
  source: documentSourceSchema,
  mimeType: z.string(),
  sizeBytes: z.number().int(),
  contentHash: z.string(),
  status: documentStatusSchema,
  /** Chunks embedded so far / in total (0/0 until split). */
  progress: z.object({ done: z.number().int(), total: z.number().int() }),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  url: z.string().nullable(),
  tags: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type KnowledgeDocument = z.infer<typeof knowledgeDocumentSchema>;
export const knowledgeDocumentPageSchema = pageOf(knowledgeDocumentSchema);

/** Metadata tags of a document (lower-cased, deduplicated), a filter of the retrieval. */
export const documentTagsSchema = z
  .array(z.string().trim().min(1).max(50))
  .max(20)
  .transform((tags) => [...new Set(tags.map((t) => t.toLowerCase()))]);

export const addTextDocumentSchema = z.object({
  name: z.string().trim().min(1).max(300),
  tags: documentTagsSchema.default([]),
  text: z.string().min(1).max(2_000_000),
});
export type AddTextDocument = z.infer<typeof addTextDocumentSchema>;
export type AddTextDocumentInput = z.input<typeof addTextDocumentSchema>;

export const addUrlDocumentSchema = z.object({
  url: z.url({ protocol: /^https?$/ }).max(2000),
  name: z.string().trim().min(1).max(300).optional(),
  tags: documentTagsSchema.default([]),
});
export type AddUrlDocument = z.infer<typeof addUrlDocumentSchema>;
export type AddUrlDocumentInput = z.input<typeof addUrlDocumentSchema>;

export const retrievalQuerySchema = z.object({
  query: z.string().trim().min(1).max(4000),
  topK: z.number().int().min(1).max(50).optional(),
  scoreThreshold: z.number().min(0).max(1).optional(),
  hybridWeight: z.number().min(0).max(1).optional(),
  /** Metadata filters: only these documents / only documents with one of these tags. */
  documentIds: z.array(z.uuid()).max(100).optional(),
  tags: documentTagsSchema.optional(),
});
export type RetrievalQuery = z.infer<typeof retrievalQuerySchema>;

/**
 * One retrieved passage. The same shape is the `retrieval` node's output items, the `sources`
 * run event's entries and the citations saved in an answer's metadata (`metadata.sources`).
 */
export const retrievedChunkSchema = z.object({
  /** 1-based citation number within one retrieval. */
  index: z.number().int().min(1),
  knowledgeBaseId: z.string(),
  documentId: z.string(),
  documentName: z.string(),
  /** 0-based position of the chunk in its document. */
  position: z.number().int().min(0),
  score: z.number(),
  text: z.string(),
});
export type RetrievedChunk = z.infer<typeof retrievedChunkSchema>;

export const retrievalResultSchema = z.object({ chunks: z.array(retrievedChunkSchema) });
export type RetrievalResult = z.infer<typeof retrievalResultSchema>;

/** Upload and ingestion limits (also enforced by the API; shown by the UI). */
export const KNOWLEDGE_LIMITS = {
  maxFileBytes: 10 * 1024 * 1024,
  maxDocumentsPerBase: 500,
  maxChunksPerDocument: 5000,
  allowedExtensions: ['txt', 'md', 'markdown', 'html', 'htm', 'csv', 'json', 'pdf', 'docx'],
} as const;
