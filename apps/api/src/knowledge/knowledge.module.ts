import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IntegrationModule } from '../integration/integration.module.js';
import { KnowledgeBaseEntity } from './knowledge-base.entity.js';
import { KnowledgeDocumentEntity } from './knowledge-document.entity.js';
import { KnowledgeEmbeddings } from './knowledge-embeddings.service.js';
import { KnowledgeIngestion } from './knowledge-ingestion.service.js';
import { KnowledgeSearch } from './knowledge-search.service.js';
import { KnowledgeController } from './knowledge.controller.js';
import { KnowledgeRepository } from './knowledge.repository.js';
import { KnowledgeService } from './knowledge.service.js';
import { PostgresArrayVectorStore } from './search/postgres-array.vector-store.js';
import { KnowledgeVectorStore } from './search/vector-store.port.js';
import { knowledgeFileStoreProvider } from './storage/file-store.provider.js';
import { KnowledgeFileStore } from './storage/file-store.port.js';

/**
 * Search over knowledge bases, for the runtime's `retrieval` nodes (imported by the worker too).
 * Exports the search, and the repository, embeddings and file store for the module below.
 */
@Module({
  imports: [IntegrationModule, TypeOrmModule.forFeature([KnowledgeBaseEntity, KnowledgeDocumentEntity])],
  providers: [
    KnowledgeRepository,
    KnowledgeEmbeddings,
    KnowledgeSearch,
    { provide: KnowledgeVectorStore, useClass: PostgresArrayVectorStore },
    knowledgeFileStoreProvider,
  ],
  exports: [KnowledgeSearch, KnowledgeRepository, KnowledgeEmbeddings, KnowledgeFileStore],
})
export class KnowledgeSearchModule {}

/** Knowledge bases: routes, documents and the ingestion jobs (API process only). */
@Module({
  imports: [IntegrationModule, KnowledgeSearchModule],
  controllers: [KnowledgeController],
  providers: [KnowledgeIngestion, KnowledgeService],
})
export class KnowledgeModule {}
