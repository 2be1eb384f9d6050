import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

@Entity({ name: 'node_types' })
export class NodeTypeEntity {
  /** The name workflow nodes use in `type`; never changes. */
  @PrimaryColumn({ name: 'type_name', type: 'text' })
  typeName!: string;

  /** Executor kind from the engine's registry. */
  @Column({ type: 'text' })
  kind!: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'text' })
  category!: string;

  @Column({ type: 'text', array: true })
  tags!: string[];

  @Column({ type: 'text', nullable: true })
  icon!: string | null;

  @Column({ name: 'input_schema', type: 'jsonb' })
  inputSchema!: Record<string, unknown>;

  @Column({ name: 'output_schema', type: 'jsonb' })
  outputSchema!: Record<string, unknown>;

  @Column({ name: 'required_services', type: 'text', array: true })
  requiredServices!: string[];

  @Column({ name: 'default_config', type: 'jsonb' })
  defaultConfig!: Record<string, unknown>;

  @Column({ type: 'boolean' })
  builtin!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
