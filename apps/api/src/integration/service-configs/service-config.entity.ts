import type { LimitsConfig, PricingConfig, ValidationStatus } from '@agenthub/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity({ name: 'service_configs' })
export class ServiceConfigEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'provider_id', type: 'uuid' })
  providerId!: string;

  /** Copied from the provider at creation: the partial unique index on defaults needs it here. */
  @Column({ name: 'service_type', type: 'text' })
  serviceType!: string;

  /** null: a platform config (admin-managed, usable by everyone). */
  @Column({ name: 'owner_id', type: 'uuid', nullable: true })
  ownerId!: string | null;

  @Column({ type: 'text' })
  name!: string;

  /** Settings with secret fields as `{"$enc": "v1:<keyId>:…"}`. Never returned as is. */
  @Column({ name: 'config_data', type: 'jsonb' })
  configData!: Record<string, unknown>;

  @Column({ name: 'pricing_config', type: 'jsonb', nullable: true })
  pricingConfig!: PricingConfig | null;

  @Column({ name: 'limits_config', type: 'jsonb', nullable: true })
  limitsConfig!: LimitsConfig | null;

  @Column({ name: 'is_default', type: 'boolean' })
  isDefault!: boolean;

  @Column({ name: 'validation_status', type: 'text' })
  validationStatus!: ValidationStatus;

  @Column({ name: 'validation_error', type: 'text', nullable: true })
  validationError!: string | null;

  @Column({ name: 'validated_at', type: 'timestamptz', nullable: true })
  validatedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
