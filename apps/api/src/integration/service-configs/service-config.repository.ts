import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Page, ServiceConfigQuery, ValidationStatus } from '@agenthub/contracts';
import { type EntityManager, In, IsNull, type Repository } from 'typeorm';
import { escapeLike } from '../../common/pagination.util.js';
import { ServiceConfigEntity } from './service-config.entity.js';

export type NewServiceConfig = Pick<
  ServiceConfigEntity,
  'providerId' | 'serviceType' | 'ownerId' | 'name' | 'configData' | 'pricingConfig' | 'limitsConfig'
>;

/** Whose configs a caller may see: admins everything, others the platform ones and their own. */
export type ConfigVisibility = { kind: 'all' } | { kind: 'platform_and_own'; userId: string };

@Injectable()
export class ServiceConfigRepository {
  constructor(
    @InjectRepository(ServiceConfigEntity) private readonly configs: Repository<ServiceConfigEntity>,
  ) {}

  private repo(manager?: EntityManager): Repository<ServiceConfigEntity> {
    return manager ? manager.getRepository(ServiceConfigEntity) : this.configs;
  }

  findById(id: string, manager?: EntityManager): Promise<ServiceConfigEntity | null> {
    return this.repo(manager).findOne({ where: { id } });
  }

  findByIds(ids: string[]): Promise<ServiceConfigEntity[]> {
    return ids.length ? this.configs.find({ where: { id: In(ids) } }) : Promise.resolve([]);
  }

  findPlatformDefault(serviceType: string, manager?: EntityManager): Promise<ServiceConfigEntity | null> {
    return this.repo(manager).findOne({ where: { serviceType, isDefault: true, ownerId: IsNull() } });
  }

  async search(query: ServiceConfigQuery, visibility: ConfigVisibility): Promise<Page<ServiceConfigEntity>> {
    const qb = this.configs
      .createQueryBuilder('c')
      .orderBy('c.isDefault', 'DESC')
      .addOrderBy('c.createdAt', 'DESC');
    if (visibility.kind === 'platform_and_own') {
      qb.andWhere('(c.ownerId IS NULL OR c.ownerId = :userId)', { userId: visibility.userId });
    }
    if (query.scope === 'platform') qb.andWhere('c.ownerId IS NULL');
    if (query.scope === 'personal') qb.andWhere('c.ownerId IS NOT NULL');
    if (query.serviceType) qb.andWhere('c.serviceType = :serviceType', { serviceType: query.serviceType });
    if (query.providerId) qb.andWhere('c.providerId = :providerId', { providerId: query.providerId });
    if (query.q) qb.andWhere(`c.name ILIKE :q ESCAPE '\\'`, { q: `%${escapeLike(query.q)}%` });
    const [items, total] = await qb
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  create(
    fields: NewServiceConfig,
    manager?: EntityManager,
    extra: Partial<ServiceConfigEntity> = {},
  ): Promise<ServiceConfigEntity> {
    const repo = this.repo(manager);
    return repo.save(
      repo.create({
        ...fields,
        isDefault: false,
        validationStatus: 'unknown',
        validationError: null,
        validatedAt: null,
        ...extra,
      }),
    );
  }

  save(config: ServiceConfigEntity, manager?: EntityManager): Promise<ServiceConfigEntity> {
    return this.repo(manager).save(config);
  }

  async delete(id: string, manager?: EntityManager): Promise<void> {
    await this.repo(manager).delete({ id });
  }

  async recordValidation(id: string, status: ValidationStatus, error: string | null): Promise<void> {
    await this.configs.update(
      { id },
      { validationStatus: status, validationError: error, validatedAt: () => 'now()' },
    );
  }

  /**
   * Makes `id` the one default of its service type. Switches of one service type are serialised
   * by a transaction-scoped advisory lock (without it, two concurrent switches would both clear
   * the old default and then collide on the partial unique index, which stays as the backstop).
   */
  async switchDefault(config: ServiceConfigEntity, manager: EntityManager): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('service_configs.default:' || $1))`, [
      config.serviceType,
    ]);
    const repo = this.repo(manager);
    await repo.update({ serviceType: config.serviceType, isDefault: true }, { isDefault: false });
    await repo.update({ id: config.id }, { isDefault: true });
  }

  /** Every row, for the re-encryption command (locked so concurrent edits wait). */
  listAllForUpdate(manager: EntityManager): Promise<ServiceConfigEntity[]> {
    return manager.getRepository(ServiceConfigEntity).find({ lock: { mode: 'pessimistic_write' } });
  }
}
