import type { DocumentStatus } from '@agenthub/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity({ name: 'knowledge_documents' })
export class KnowledgeDocumentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'knowledge_base_id', type: 'uuid' })
  knowledgeBaseId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  source!: 'text' | 'file' | 'url';

  @Column({ name: 'mime_type', type: 'text' })
  mimeType!: string;

  @Column({ name: 'size_bytes', type: 'integer' })
  sizeBytes!: number;

  /** sha256 of the original bytes; unique per base. */
  @Column({ name: 'content_hash', type: 'text' })
  contentHash!: string;

  /** Key of the stored original in the file store (`storage/`), kept for re-indexing and download. */
  @Column({ name: 'storage_path', type: 'text', nullable: true })
  storagePath!: string | null;

  @Column({ type: 'text', nullable: true })
  url!: string | null;

  /** Lower-cased metadata tags, a filter of the retrieval. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags!: string[];

  @Column({ type: 'text', default: 'queued' })
  status!: DocumentStatus;

  @Column({ name: 'chunks_done', type: 'integer', default: 0 })
  chunksDone!: number;

  @Column({ name: 'chunks_total', type: 'integer', default: 0 })
  chunksTotal!: number;

  @Column({ name: 'error_code', type: 'text', nullable: true })
  errorCode!: string | null;

  @Column({ name: 'error_message', type: 'text', nullable: true })
  errorMessage!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
