import { Injectable } from '@nestjs/common';
import {
  AgentErrorCodes,
  type Category,
  type CategoryTree,
  type CreateCategoryRequest,
  type UpdateCategoryRequest,
} from '@agenthub/contracts';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../common/auth.decorators.js';
import { DomainError } from '../common/domain-error.js';
import type { RequestMeta } from '../common/request-meta.decorator.js';
import { AuditService } from '../identity/audit.service.js';
import { AgentCategoryRepository } from './agent-category.repository.js';
import { buildCategoryTree, toCategoryDto } from './agent.mapper.js';
import { AgentRepository, isUniqueViolation } from './agent.repository.js';

/** The category tree (with agent counts): public to read, admins curate it. */
@Injectable()
export class AgentCategoryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly categories: AgentCategoryRepository,
    private readonly agents: AgentRepository,
    private readonly audit: AuditService,
  ) {}

  /** The tree with store-visible agent counts (sub-categories included); the store serves it too. */
  async tree(): Promise<CategoryTree> {
    const [rows, counts] = await Promise.all([
      this.categories.listAll(),
      this.categories.countStoreVisibleByCategory(),
    ]);
    return { items: buildCategoryTree(rows, counts) };
  }

  async create(admin: AuthUser, body: CreateCategoryRequest, meta: RequestMeta): Promise<Category> {
    if (body.parentId) await this.assertParentExists(body.parentId);
    try {
      const created = await this.categories.create({
        parentId: body.parentId ?? null,
        slug: body.slug,
        name: body.name,
        nameZh: body.nameZh ?? null,
        sort: body.sort,
      });
      await this.record(admin, 'category.created', created.id, { slug: created.slug }, meta);
      return toCategoryDto(created);
    } catch (err) {
      if (isUniqueViolation(err)) throw slugTaken(body.slug);
      throw err;
    }
  }

  async update(
    admin: AuthUser,
    id: string,
    body: UpdateCategoryRequest,
    meta: RequestMeta,
  ): Promise<Category> {
    const category = await this.categories.findById(id);
    if (!category) throw DomainError.notFound('Category');
    if (body.parentId) {
      await this.assertParentExists(body.parentId);
      // Moving a category under itself or its own descendant would cut a loop out of the tree.
      if (body.parentId === id || (await this.categories.ancestorIds(body.parentId)).includes(id)) {
        throw DomainError.validation([
          {
            path: 'body.parentId',
            code: 'category_cycle',
            message: 'A category cannot be moved under itself',
          },
        ]);
      }
    }
    try {
      await this.categories.update(id, body);
    } catch (err) {
      if (isUniqueViolation(err)) throw slugTaken(body.slug ?? category.slug);
      throw err;
    }
    await this.record(admin, 'category.updated', id, { changes: Object.keys(body) }, meta);
    return toCategoryDto((await this.categories.findById(id))!);
  }

  /** Refused (409 `category_in_use`) while agents or sub-categories use it. */
  async remove(admin: AuthUser, id: string, meta: RequestMeta): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const category = await this.categories.findById(id, manager);
      if (!category) throw DomainError.notFound('Category');
      const [children, agents] = await Promise.all([
        this.categories.countChildren(id, manager),
        this.agents.countActiveInCategory(id, manager),
      ]);
      if (children > 0 || agents > 0) {
        throw new DomainError(
          409,
          AgentErrorCodes.categoryInUse,
          `The category is used by ${agents} agent(s) and has ${children} sub-categorie(s)`,
          [
            ...(agents > 0
              ? [{ path: 'agents', code: AgentErrorCodes.categoryInUse, message: `${agents} agent(s)` }]
              : []),
            ...(children > 0
              ? [
                  {
                    path: 'children',
                    code: AgentErrorCodes.categoryInUse,
                    message: `${children} sub-categorie(s)`,
                  },
                ]
              : []),
          ],
        );
      }
      await this.agents.detachDeletedFromCategory(id, manager);
      await this.categories.delete(id, manager);
      await this.audit.record(
        {
          actorId: admin.id,
          action: 'category.deleted',
          targetType: 'agent_category',
          targetId: id,
          metadata: { slug: category.slug },
          ip: meta.ip,
          requestId: meta.requestId,
        },
        manager,
      );
    });
  }

  private async assertParentExists(parentId: string): Promise<void> {
    if (!(await this.categories.findById(parentId))) {
      throw DomainError.validation([
        { path: 'body.parentId', code: 'not_found', message: 'No such parent category' },
      ]);
    }
  }

  private record(
    admin: AuthUser,
    action: string,
    id: string,
    metadata: Record<string, unknown>,
    meta: RequestMeta,
  ) {
    return this.audit.record({
      actorId: admin.id,
      action,
      targetType: 'agent_category',
      targetId: id,
      metadata,
      ip: meta.ip,
      requestId: meta.requestId,
    });
  }
}

function slugTaken(slug: string): DomainError {
  return new DomainError(
    409,
    AgentErrorCodes.categorySlugTaken,
    `The category slug "${slug}" is already taken`,
    [{ path: 'body.slug', code: AgentErrorCodes.categorySlugTaken, message: 'Choose another slug' }],
  );
}
