import { Injectable, StreamableFile } from '@nestjs/common';
import {
  type AddTextDocument,
  type AddUrlDocument,
  type CreateKnowledgeBase,
  documentTagsSchema,
  KNOWLEDGE_LIMITS,
  type KnowledgeBase,
  type KnowledgeDocument,
  KnowledgeErrorCodes,
  type Page,
  type PageQuery,
  type RetrievalQuery,
  type RetrievalResult,
  type UpdateKnowledgeBase,
} from '@agenthub/contracts';
import { guardedFetch } from '@agenthub/engine';
import { createHash } from 'node:crypto';
import type { AuthUser } from '../common/auth.decorators.js';
import { DomainError } from '../common/domain-error.js';
import { AppConfig } from '../config/app-config.js';
import { OutboundUrlGuard } from '../integration/outbound-url.guard.js';
import { ServiceConfigResolver } from '../integration/service-configs/service-config-resolver.service.js';
import { formatOfContentType, formatOfFile, type DocumentFormat } from './document-parser.util.js';
import { DEMO_EMBEDDING_MODEL } from './embedding.provider.js';
import { assertCanRead, assertCanWrite } from './knowledge-access.rules.js';
import type { KnowledgeBaseEntity } from './knowledge-base.entity.js';
import { KnowledgeIngestion } from './knowledge-ingestion.service.js';
import { KnowledgeSearch } from './knowledge-search.service.js';
import { toKnowledgeBaseDto, toKnowledgeDocumentDto } from './knowledge.mapper.js';
import { KnowledgeRepository } from './knowledge.repository.js';
import { fileKey, KnowledgeFileStore } from './storage/file-store.port.js';

/** An uploaded file as multer hands it over (memory storage). */
export interface UploadedFileLike {
  originalname: string;
  size: number;
  buffer: Buffer;
}

const URL_FETCH_TIMEOUT_MS = 20_000;

@Injectable()
export class KnowledgeService {
  constructor(
    private readonly repo: KnowledgeRepository,
    private readonly ingestion: KnowledgeIngestion,
    private readonly search: KnowledgeSearch,
    private readonly configs: ServiceConfigResolver,
    private readonly urlGuard: OutboundUrlGuard,
    private readonly config: AppConfig,
    private readonly files: KnowledgeFileStore,
  ) {}

  async create(user: AuthUser, body: CreateKnowledgeBase): Promise<KnowledgeBase> {
    const platform = body.scope === 'platform';
    if (platform && !user.roles.includes('admin'))
      throw DomainError.forbidden('forbidden', 'Only an admin can create a platform-wide knowledge base');
    const configId = body.embedding.serviceConfigId;
    if (configId) {
      if (!body.embedding.model)
        throw DomainError.validation([
          {
            path: 'embedding.model',
            code: 'required',
            message: 'An embedding model is required with a service config',
          },
        ]);
      // Refuses configs the owner may not use (someone else's, not an llm config, unknown).
      await this.configs.resolveModelConfig(configId, platform ? null : user.id);
    }
    const base = await this.repo.createBase({
      ownerId: platform ? null : user.id,
      name: body.name,
      description: body.description,
      embeddingConfigId: configId,
      embeddingModel: configId ? body.embedding.model! : DEMO_EMBEDDING_MODEL,
      embeddingDimensions: 0,
      chunkSize: body.chunking.chunkSize,
      chunkOverlap: body.chunking.chunkOverlap,
      topK: body.retrieval.topK,
      scoreThreshold: body.retrieval.scoreThreshold,
      hybridWeight: body.retrieval.hybridWeight,
    });
    return toKnowledgeBaseDto(base);
  }

  async list(user: AuthUser, query: PageQuery): Promise<Page<KnowledgeBase>> {
    const page = await this.repo.listBasesVisibleTo(user.roles.includes('admin') ? null : user.id, query);
    const counts = await this.repo.countsByBase(page.items.map((b) => b.id));
    return { ...page, items: page.items.map((b) => toKnowledgeBaseDto(b, counts.get(b.id))) };
  }

  async get(user: AuthUser, id: string): Promise<KnowledgeBase> {
    const base = await this.readable(user, id);
    return this.dto(base);
  }

  /** Changing the chunking re-indexes every document of the base. */
  async update(user: AuthUser, id: string, body: UpdateKnowledgeBase): Promise<KnowledgeBase> {
    const base = await this.writable(user, id);
    const rechunk =
      !!body.chunking &&
      (body.chunking.chunkSize !== base.chunkSize || body.chunking.chunkOverlap !== base.chunkOverlap);
    if (body.name !== undefined) base.name = body.name;
    if (body.description !== undefined) base.description = body.description;
    if (body.chunking) {
      base.chunkSize = body.chunking.chunkSize;
      base.chunkOverlap = body.chunking.chunkOverlap;
    }
    if (body.retrieval) {
      base.topK = body.retrieval.topK;
      base.scoreThreshold = body.retrieval.scoreThreshold;
      base.hybridWeight = body.retrieval.hybridWeight;
    }
    const saved = await this.repo.saveBase(base);
    if (rechunk) await this.reindexAll(saved.id);
    return this.dto(saved);
  }

  async remove(user: AuthUser, id: string): Promise<void> {
    const base = await this.writable(user, id);
    await this.repo.deleteBase(base.id);
    await this.files.removeBase(base.id);
  }

  async listDocuments(user: AuthUser, id: string, query: PageQuery): Promise<Page<KnowledgeDocument>> {
    const base = await this.readable(user, id);
    const page = await this.repo.listDocuments(base.id, query);
    return { ...page, items: page.items.map(toKnowledgeDocumentDto) };
  }

  async getDocument(user: AuthUser, id: string, documentId: string): Promise<KnowledgeDocument> {
    const base = await this.readable(user, id);
    return toKnowledgeDocumentDto(await this.document(base.id, documentId));
  }

  addText(user: AuthUser, id: string, body: AddTextDocument): Promise<KnowledgeDocument> {
    const name = /\.(md|markdown|txt)$/i.test(body.name) ? body.name : `${body.name}.txt`;
    return this.addDocument(user, id, {
      name,
      tags: body.tags,
      source: 'text',
      bytes: Buffer.from(body.text, 'utf8'),
      ...formatOfFile(name),
    });
  }

  async addFile(
    user: AuthUser,
    id: string,
    file: UploadedFileLike | undefined,
    tagsField?: unknown,
  ): Promise<KnowledgeDocument> {
    const tags = parseTagsField(tagsField);
    if (!file)
      throw DomainError.validation([
        { path: 'file', code: 'required', message: 'Attach a file as the "file" field' },
      ]);
    if (file.size > KNOWLEDGE_LIMITS.maxFileBytes) throw fileTooLarge();
    // Multer decodes names as latin1; browsers send UTF-8.
    const name = Buffer.from(file.originalname, 'latin1').toString('utf8').slice(0, 300);
    return this.addDocument(user, id, {
      name,
      tags,
      source: 'file',
      bytes: file.buffer,
      ...formatOfFile(name),
    });
  }

  async addUrl(user: AuthUser, id: string, body: AddUrlDocument): Promise<KnowledgeDocument> {
    await this.writable(user, id);
    await this.urlGuard.check(body.url, 'url');
    let res;
    try {
      res = await guardedFetch(body.url, {
        timeoutMs: URL_FETCH_TIMEOUT_MS,
        maxBytes: KNOWLEDGE_LIMITS.maxFileBytes,
        ssrf: { allowPrivateNetwork: this.config.allowPrivateNetwork },
        headers: { accept: 'text/html, text/plain;q=0.9, */*;q=0.5' },
      });
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'ssrf_blocked')
        throw new DomainError(
          400,
          'ssrf_blocked',
          'URL points to a private, loopback or link-local address',
          [{ path: 'url', code: 'ssrf_blocked', message: (err as Error).message }],
        );
      if (code === 'response_too_large') throw fileTooLarge();
      throw DomainError.unprocessable(
        KnowledgeErrorCodes.urlFetchFailed,
        `Could not fetch the URL: ${(err as Error).message}`,
      );
    }
    if (res.status < 200 || res.status >= 300)
      throw DomainError.unprocessable(KnowledgeErrorCodes.urlFetchFailed, `The URL answered ${res.status}`);
    const format = formatOfContentType(res.headers['content-type']);
    if (!format)
      throw new DomainError(
        400,
        KnowledgeErrorCodes.unsupportedFileType,
        'The URL serves neither HTML nor text',
        [
          {
            path: 'url',
            code: KnowledgeErrorCodes.unsupportedFileType,
            message: res.headers['content-type'] ?? '?',
          },
        ],
      );
    return this.addDocument(user, id, {
      name: body.name ?? new URL(res.url).pathname.split('/').filter(Boolean).pop() ?? new URL(res.url).host,
      tags: body.tags,
      source: 'url',
      url: body.url,
      bytes: Buffer.from(res.body, 'utf8'),
      format,
      mimeType: res.headers['content-type']?.split(';')[0] ?? 'text/plain',
    });
  }

  async reindexDocument(user: AuthUser, id: string, documentId: string): Promise<KnowledgeDocument> {
    const base = await this.writable(user, id);
    const doc = await this.document(base.id, documentId);
    await this.repo.markStatus(doc.id, 'queued');
    this.ingestion.enqueue(doc.id);
    return toKnowledgeDocumentDto((await this.repo.findDocumentById(doc.id))!);
  }

  /** The stored original as an attachment; only who may change the base (its owner) gets it. */
  async downloadDocument(user: AuthUser, id: string, documentId: string): Promise<StreamableFile> {
    const base = await this.writable(user, id);
    const doc = await this.document(base.id, documentId);
    const bytes = doc.storagePath ? await this.files.get(doc.storagePath) : null;
    if (!bytes) throw DomainError.notFound('Document file');
    return new StreamableFile(bytes, {
      type: doc.mimeType,
      length: bytes.length,
      disposition: `attachment; filename="${asciiName(doc.name)}"; filename*=UTF-8''${encodeURIComponent(doc.name)}`,
    });
  }

  async deleteDocument(user: AuthUser, id: string, documentId: string): Promise<void> {
    const base = await this.writable(user, id);
    const doc = await this.document(base.id, documentId);
    await this.repo.deleteDocument(doc.id); // chunks go with it (ON DELETE CASCADE)
    if (doc.storagePath) await this.files.remove(doc.storagePath);
  }

  async retrieve(user: AuthUser, id: string, body: RetrievalQuery): Promise<RetrievalResult> {
    const base = await this.readable(user, id);
    const { query, ...options } = body;
    const chunks = await this.search.search([base], query, options);
    return { chunks };
  }

  private async addDocument(
    user: AuthUser,
    id: string,
    input: {
      name: string;
      tags: string[];
      source: 'text' | 'file' | 'url';
      bytes: Buffer;
      format: DocumentFormat;
      mimeType: string;
      url?: string;
    },
  ): Promise<KnowledgeDocument> {
    const base = await this.writable(user, id);
    if (input.bytes.length > KNOWLEDGE_LIMITS.maxFileBytes) throw fileTooLarge();
    if ((await this.repo.countDocuments(base.id)) >= KNOWLEDGE_LIMITS.maxDocumentsPerBase)
      throw DomainError.unprocessable(
        KnowledgeErrorCodes.documentLimit,
        `A knowledge base holds at most ${KNOWLEDGE_LIMITS.maxDocumentsPerBase} documents`,
      );
    const contentHash = createHash('sha256').update(input.bytes).digest('hex');
    const duplicate = await this.repo.findDocumentByHash(base.id, contentHash);
    if (duplicate)
      throw DomainError.conflict(
        KnowledgeErrorCodes.duplicateDocument,
        `The same content is already in this knowledge base as "${duplicate.name}"`,
      );
    const doc = await this.repo.createDocument({
      knowledgeBaseId: base.id,
      name: input.name,
      source: input.source,
      mimeType: input.mimeType,
      sizeBytes: input.bytes.length,
      contentHash,
      url: input.url ?? null,
      tags: input.tags,
      status: 'queued',
    });
    const storagePath = fileKey(base.id, doc.id, input.format);
    await this.files.put(storagePath, input.bytes);
    await this.repo.updateDocument(doc.id, { storagePath });
    this.ingestion.enqueue(doc.id);
    return toKnowledgeDocumentDto({ ...doc, storagePath });
  }

  private async reindexAll(baseId: string): Promise<void> {
    for (const docId of await this.repo.listDocumentIds(baseId)) {
      await this.repo.markStatus(docId, 'queued');
      this.ingestion.enqueue(docId);
    }
  }

  private async readable(user: AuthUser, id: string): Promise<KnowledgeBaseEntity> {
    const base = await this.repo.findBaseById(id);
    assertCanRead(base, user);
    return base;
  }

  private async writable(user: AuthUser, id: string): Promise<KnowledgeBaseEntity> {
    const base = await this.repo.findBaseById(id);
    assertCanWrite(base, user);
    return base;
  }

  private async document(baseId: string, documentId: string) {
    const doc = await this.repo.findDocument(baseId, documentId);
    if (!doc) throw DomainError.notFound('Document');
    return doc;
  }

  private async dto(base: KnowledgeBaseEntity): Promise<KnowledgeBase> {
    const counts = await this.repo.countsByBase([base.id]);
    return toKnowledgeBaseDto(base, counts.get(base.id));
  }
}

function fileTooLarge(): DomainError {
  return new DomainError(
    413,
    KnowledgeErrorCodes.fileTooLarge,
    `Files may be at most ${KNOWLEDGE_LIMITS.maxFileBytes / (1024 * 1024)} MiB`,
  );
}

/** The multipart `tags` field: comma-separated; 400 naming the field when invalid. */
function parseTagsField(field: unknown): string[] {
  if (field === undefined || field === '') return [];
  const raw =
    typeof field === 'string'
      ? field
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean)
      : field;
  const parsed = documentTagsSchema.safeParse(raw);
  if (!parsed.success)
    throw DomainError.validation([
      { path: 'tags', code: 'invalid', message: parsed.error.issues[0]?.message ?? 'Invalid tags' },
    ]);
  return parsed.data;
}

/** A file name safe inside a quoted header parameter (the UTF-8 one carries the real name). */
function asciiName(name: string): string {
  return name.replace(/[^\x20-\x7e]|["\\]/g, '_');
}
