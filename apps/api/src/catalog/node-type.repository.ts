import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { NodeTypeQuery, Page } from '@agenthub/contracts';
import type { EntityManager, Repository } from 'typeorm';
import { paginate } from '../common/pagination.util.js';
import { NodeTypeEntity } from './node-type.entity.js';

export type NodeTypeFields = Omit<NodeTypeEntity, 'createdAt' | 'updatedAt'>;

@Injectable()
export class NodeTypeRepository {
  constructor(@InjectRepository(NodeTypeEntity) private readonly nodeTypes: Repository<NodeTypeEntity>) {}

  searchPage<T>(query: NodeTypeQuery, toDto: (row: NodeTypeEntity) => T): Promise<Page<T>> {
    const qb = this.nodeTypes.createQueryBuilder('t').orderBy('t.category').addOrderBy('t.type_name');
    if (query.category) qb.andWhere('t.category = :category', { category: query.category });
    if (query.kind) qb.andWhere('t.kind = :kind', { kind: query.kind });
    return paginate(qb, query, toDto);
  }

  listAll(): Promise<NodeTypeEntity[]> {
    return this.nodeTypes.find({ order: { typeName: 'ASC' } });
  }

  findByName(typeName: string): Promise<NodeTypeEntity | null> {
    return this.nodeTypes.findOne({ where: { typeName } });
  }

  async insert(fields: NodeTypeFields): Promise<NodeTypeEntity> {
    await this.nodeTypes.insert(fields as never);
    return (await this.findByName(fields.typeName))!;
  }

  /** Seeding: adds the row unless one with that name exists (an admin's edits are kept). */
  async insertIfMissing(fields: NodeTypeFields, manager: EntityManager): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(NodeTypeEntity)
      .values(fields as never)
      .orIgnore()
      .execute();
  }

  async update(typeName: string, changes: Partial<NodeTypeFields>): Promise<NodeTypeEntity> {
    await this.nodeTypes.update({ typeName }, changes as never);
    return (await this.findByName(typeName))!;
  }

  async delete(typeName: string): Promise<void> {
    await this.nodeTypes.delete({ typeName });
  }
}

/** Postgres unique_violation. */
export function isUniqueViolation(err: unknown): boolean {
  return (
    (err as { code?: string } | null)?.code === '23505' ||
    (err as { driverError?: { code?: string } })?.driverError?.code === '23505'
  );
}

/** Postgres foreign_key_violation (another module's row still points at ours). */
export function isForeignKeyViolation(err: unknown): boolean {
  return (
    (err as { code?: string } | null)?.code === '23503' ||
    (err as { driverError?: { code?: string } })?.driverError?.code === '23503'
  );
}
