import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { ServiceConfigEntity } from '../service-configs/service-config.entity.js';
import { ProviderEntity } from './provider.entity.js';

export type ProviderFields = Pick<
  ProviderEntity,
  'slug' | 'serviceType' | 'kind' | 'name' | 'description' | 'configSchema' | 'authType' | 'builtin'
>;

@Injectable()
export class ProviderRepository {
  constructor(@InjectRepository(ProviderEntity) private readonly providers: Repository<ProviderEntity>) {}

  list(serviceType?: string): Promise<ProviderEntity[]> {
    return this.providers.find({
      where: serviceType ? { serviceType } : {},
      order: { serviceType: 'ASC', name: 'ASC' },
    });
  }

  findById(id: string): Promise<ProviderEntity | null> {
    return this.providers.findOne({ where: { id } });
  }

  findBySlug(slug: string, manager?: EntityManager): Promise<ProviderEntity | null> {
    const repo = manager ? manager.getRepository(ProviderEntity) : this.providers;
    return repo.findOne({ where: { slug } });
  }

  create(fields: ProviderFields, manager?: EntityManager): Promise<ProviderEntity> {
    const repo = manager ? manager.getRepository(ProviderEntity) : this.providers;
    return repo.save(repo.create(fields));
  }

  save(provider: ProviderEntity, manager?: EntityManager): Promise<ProviderEntity> {
    return (manager ? manager.getRepository(ProviderEntity) : this.providers).save(provider);
  }

  async delete(id: string, manager?: EntityManager): Promise<void> {
    await (manager ? manager.getRepository(ProviderEntity) : this.providers).delete({ id });
  }

  /** Service configs built on this provider (a provider in use cannot be deleted or re-typed). */
  countConfigsUsing(providerId: string, manager?: EntityManager): Promise<number> {
    const m = manager ?? this.providers.manager;
    return m.getRepository(ServiceConfigEntity).count({ where: { providerId } });
  }

  /** Inserts or refreshes a built-in provider by slug (seed at boot). */
  async upsertBuiltin(
    fields: Omit<ProviderFields, 'builtin'>,
    manager: EntityManager,
  ): Promise<ProviderEntity> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(ProviderEntity)
      .values({ ...fields, builtin: true, configSchema: fields.configSchema as never })
      .orUpdate(['service_type', 'kind', 'config_schema', 'auth_type', 'builtin'], ['slug'])
      .execute();
    return (await this.findBySlug(fields.slug, manager))!;
  }
}
