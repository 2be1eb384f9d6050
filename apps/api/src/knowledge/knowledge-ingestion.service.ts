import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { KNOWLEDGE_LIMITS, KnowledgeErrorCodes } from '@agenthub/contracts';
import { DomainError } from '../common/domain-error.js';
import { splitIntoChunks } from './chunking.util.js';
import { DocumentParseError, extractText, type DocumentFormat } from './document-parser.util.js';
import { KnowledgeEmbeddings } from './knowledge-embeddings.service.js';
import { KnowledgeRepository } from './knowledge.repository.js';
import { formatOfKey, KnowledgeFileStore } from './storage/file-store.port.js';

const EMBED_BATCH = 32;

/**
 * Ingestion jobs: parse → split → embed (progress per batch) → store chunks. Jobs carry the
 * document id only and run one at a time in the API process (the embedded default); documents
 * left `queued` or `processing` by a stopped process are queued again at boot. A failure fails
 * that document with a code and a message, never the process.
 */
@Injectable()
export class KnowledgeIngestion implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(KnowledgeIngestion.name);
  private tail: Promise<void> = Promise.resolve();
  private stopping = false;

  constructor(
    private readonly repo: KnowledgeRepository,
    private readonly embeddings: KnowledgeEmbeddings,
    private readonly files: KnowledgeFileStore,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const id of await this.repo.listUnfinishedDocumentIds()) this.enqueue(id);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    await this.tail;
  }

  /** Queues a document; `idle()` resolves once everything queued so far is done. */
  enqueue(documentId: string): void {
    this.tail = this.tail.then(() => this.run(documentId));
  }

  idle(): Promise<void> {
    return this.tail;
  }

  private async run(documentId: string): Promise<void> {
    if (this.stopping) return;
    try {
      await this.ingest(documentId);
    } catch (err) {
      const code =
        err instanceof DocumentParseError || err instanceof DomainError
          ? err.code
          : KnowledgeErrorCodes.parseFailed;
      const message =
        err instanceof DocumentParseError || err instanceof DomainError ? err.message : 'Ingestion failed';
      if (!(err instanceof DocumentParseError || err instanceof DomainError))
        this.logger.warn(`Ingestion of document ${documentId} failed: ${String(err)}`);
      await this.repo.deleteChunks(documentId).catch(() => undefined);
      await this.repo.markStatus(documentId, 'failed', { code, message }).catch(() => undefined);
    }
  }

  private async ingest(documentId: string): Promise<void> {
    const doc = await this.repo.findDocumentById(documentId);
    if (!doc || !doc.storagePath) return;
    const base = await this.repo.findBaseById(doc.knowledgeBaseId);
    if (!base) return;
    await this.repo.updateDocument(doc.id, {
      status: 'processing',
      chunksDone: 0,
      chunksTotal: 0,
      errorCode: null,
      errorMessage: null,
    });
    await this.repo.deleteChunks(doc.id);
    const bytes = await this.files.get(doc.storagePath);
    if (!bytes) throw new DocumentParseError('The stored original of this document is missing');
    const text = await extractText(bytes, formatOfKey(doc.storagePath) as DocumentFormat);
    const chunks = await splitIntoChunks(text, base);
    if (chunks.length > KNOWLEDGE_LIMITS.maxChunksPerDocument)
      throw new DocumentParseError(
        `The document has ${chunks.length} chunks; at most ${KNOWLEDGE_LIMITS.maxChunksPerDocument} are allowed`,
      );
    await this.repo.updateDocument(doc.id, { chunksTotal: chunks.length });
    const embedder = await this.embeddings.forBase(base);
    for (let i = 0; i < chunks.length; i += EMBED_BATCH) {
      if (this.stopping) return;
      const batch = chunks.slice(i, i + EMBED_BATCH);
      const vectors = await embedder.embed(batch);
      if (base.embeddingDimensions === 0 && vectors[0]) {
        base.embeddingDimensions = vectors[0].length;
        await this.repo.saveBase(base);
      }
      await this.repo.insertChunks(
        base.id,
        doc.id,
        batch.map((t, j) => ({ position: i + j, text: t, embedding: vectors[j] })),
      );
      await this.repo.updateDocument(doc.id, { chunksDone: i + batch.length });
    }
    await this.repo.markStatus(doc.id, 'indexed');
  }
}
