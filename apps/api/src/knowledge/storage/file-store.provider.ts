import type { Provider } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config.js';
import { DatabaseFileStore } from './database.file-store.js';
import { KnowledgeFileStore } from './file-store.port.js';
import { LocalFileStore } from './local.file-store.js';

/**
 * One process (inline queue): files under DATA_DIR/knowledge. Several (bullmq: API + workers,
 * possibly on other hosts): in the database, which they all reach.
 */
export const knowledgeFileStoreProvider: Provider = {
  provide: KnowledgeFileStore,
  inject: [AppConfig, getDataSourceToken()],
  useFactory: (config: AppConfig, db: DataSource): KnowledgeFileStore =>
    config.queueMode === 'bullmq'
      ? new DatabaseFileStore(db)
      : new LocalFileStore(join(config.dataDir, 'knowledge')),
};
