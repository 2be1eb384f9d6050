import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A knowledge base: `ownerId` null = platform-wide (created by an admin). */
@Entity({ name: 'knowledge_bases' })
export class KnowledgeBaseEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'owner_id', type: 'uuid', nullable: true })
  ownerId!: string | null;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', default: '' })
  description!: string;

  @Column({ name: 'embedding_config_id', type: 'uuid', nullable: true })
  embeddingConfigId!: string | null;

  @Column({ name: 'embedding_model', type: 'text' })
  embeddingModel!: string;

  /** 0 until the first chunk is embedded (OpenAI-compatible models report it with the vector). */
  @Column({ name: 'embedding_dimensions', type: 'integer', default: 0 })
  embeddingDimensions!: number;

  @Column({ name: 'chunk_size', type: 'integer' })
  chunkSize!: number;

  @Column({ name: 'chunk_overlap', type: 'integer' })
  chunkOverlap!: number;

  @Column({ name: 'top_k', type: 'integer' })
  topK!: number;

  @Column({ name: 'score_threshold', type: 'double precision' })
  scoreThreshold!: number;

  /** Weight of the full-text ranking in the fusion with the vector ranking (0–1). */
  @Column({ name: 'hybrid_weight', type: 'double precision', default: 0.3 })
  hybridWeight!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
