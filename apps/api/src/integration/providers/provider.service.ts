import { Injectable } from '@nestjs/common';
import {
  type CreateProviderRequest,
  IntegrationErrorCodes,
  type Provider,
  type ProviderList,
  type ProviderQuery,
  type UpdateProviderRequest,
} from '@agenthub/contracts';
import { DataSource, QueryFailedError } from 'typeorm';
import type { AuthUser } from '../../common/auth.decorators.js';
import { DomainError } from '../../common/domain-error.js';
import type { RequestMeta } from '../../common/request-meta.decorator.js';
import { AuditService } from '../../identity/audit.service.js';
import { configSchemaProblem } from '../service-configs/config-data.validator.js';
import type { ProviderEntity } from './provider.entity.js';
import { ProviderRepository } from './provider.repository.js';

export function toProviderDto(p: ProviderEntity): Provider {
  return {
    id: p.id,
    slug: p.slug,
    serviceType: p.serviceType,
    kind: p.kind,
    name: p.name,
    description: p.description,
    configSchema: p.configSchema,
    authType: p.authType,
    builtin: p.builtin,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

function assertUsableSchema(schema: Record<string, unknown>): void {
  const problem = configSchemaProblem(schema);
  if (problem) {
    throw DomainError.validation([
      { path: 'body.configSchema', code: IntegrationErrorCodes.invalidConfigSchema, message: problem },
    ]);
  }
}

const isUniqueViolation = (err: unknown) =>
  err instanceof QueryFailedError && (err.driverError as { code?: string } | undefined)?.code === '23505';

@Injectable()
export class ProviderService {
  constructor(
    private readonly providers: ProviderRepository,
    private readonly audit: AuditService,
    private readonly dataSource: DataSource,
  ) {}

  async list(query: ProviderQuery): Promise<ProviderList> {
    return { items: (await this.providers.list(query.serviceType)).map(toProviderDto) };
  }

  async get(id: string): Promise<Provider> {
    const p = await this.providers.findById(id);
    if (!p) throw DomainError.notFound('Provider');
    return toProviderDto(p);
  }

  async create(user: AuthUser, body: CreateProviderRequest, meta: RequestMeta): Promise<Provider> {
    assertUsableSchema(body.configSchema);
    try {
      const created = await this.dataSource.transaction(async (manager) => {
        const p = await this.providers.create({ ...body, builtin: false }, manager);
        await this.audit.record(
          {
            actorId: user.id,
            action: 'provider.created',
            targetType: 'provider',
            targetId: p.id,
            metadata: { slug: p.slug, kind: p.kind, serviceType: p.serviceType },
            ...meta,
          },
          manager,
        );
        return p;
      });
      return toProviderDto(created);
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw DomainError.conflict(
          IntegrationErrorCodes.providerSlugTaken,
          `A provider with slug ${body.slug} exists`,
        );
      }
      throw err;
    }
  }

  async update(
    user: AuthUser,
    id: string,
    body: UpdateProviderRequest,
    meta: RequestMeta,
  ): Promise<Provider> {
    assertUsableSchema(body.configSchema);
    const saved = await this.dataSource.transaction(async (manager) => {
      const p = await this.providers.findById(id);
      if (!p) throw DomainError.notFound('Provider');
      if (p.builtin && (body.kind !== p.kind || body.serviceType !== p.serviceType)) {
        throw DomainError.conflict(
          IntegrationErrorCodes.providerBuiltin,
          'The kind and service type of a built-in provider cannot change',
        );
      }
      if (
        (body.kind !== p.kind || body.serviceType !== p.serviceType) &&
        (await this.providers.countConfigsUsing(p.id, manager)) > 0
      ) {
        throw DomainError.conflict(
          IntegrationErrorCodes.providerInUse,
          'Service configs use this provider: its kind and service type cannot change',
        );
      }
      Object.assign(p, {
        name: body.name,
        description: body.description,
        kind: body.kind,
        serviceType: body.serviceType,
        authType: body.authType,
        // Built-in schemas belong to the code and are refreshed at every boot.
        configSchema: p.builtin ? p.configSchema : body.configSchema,
      });
      const s = await this.providers.save(p, manager);
      await this.audit.record(
        {
          actorId: user.id,
          action: 'provider.updated',
          targetType: 'provider',
          targetId: s.id,
          metadata: { slug: s.slug },
          ...meta,
        },
        manager,
      );
      return s;
    });
    return toProviderDto(saved);
  }

  async remove(user: AuthUser, id: string, meta: RequestMeta): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const p = await this.providers.findById(id);
      if (!p) throw DomainError.notFound('Provider');
      if (p.builtin) {
        throw DomainError.conflict(
          IntegrationErrorCodes.providerBuiltin,
          'Built-in providers cannot be deleted',
        );
      }
      const inUse = await this.providers.countConfigsUsing(p.id, manager);
      if (inUse > 0) {
        throw DomainError.conflict(
          IntegrationErrorCodes.providerInUse,
          `${inUse} service config${inUse === 1 ? '' : 's'} use${inUse === 1 ? 's' : ''} this provider`,
        );
      }
      await this.providers.delete(p.id, manager);
      await this.audit.record(
        {
          actorId: user.id,
          action: 'provider.deleted',
          targetType: 'provider',
          targetId: p.id,
          metadata: { slug: p.slug },
          ...meta,
        },
        manager,
      );
    });
  }
}
