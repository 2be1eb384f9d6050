import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { AgentCategoryEntity } from './agent-category.entity.js';
import { STORE_VISIBLE_AGENT_SQL } from './agent-store-visibility.util.js';

export interface NewCategory {
  parentId: string | null;
  slug: string;
  name: string;
  nameZh: string | null;
  sort: number;
}

@Injectable()
export class AgentCategoryRepository {
  constructor(
    @InjectRepository(AgentCategoryEntity) private readonly categories: Repository<AgentCategoryEntity>,
  ) {}

  listAll(): Promise<AgentCategoryEntity[]> {
    return this.categories.find({ order: { sort: 'ASC', name: 'ASC' } });
  }

  /**
   * Store-visible agents per category, each counted in its own category only (the tree adds the
   * sub-categories). The one count behind `GET /api/categories` and `GET /api/store/categories`.
   */
  async countStoreVisibleByCategory(): Promise<Map<string, number>> {
    const rows: Array<{ category_id: string; n: string }> = await this.categories.query(
      `SELECT a.category_id, count(*) AS n FROM agents a
        WHERE a.category_id IS NOT NULL AND ${STORE_VISIBLE_AGENT_SQL} GROUP BY a.category_id`,
    );
    return new Map(rows.map((r) => [r.category_id, Number(r.n)]));
  }

  findById(id: string, manager?: EntityManager): Promise<AgentCategoryEntity | null> {
    return (manager?.getRepository(AgentCategoryEntity) ?? this.categories).findOne({ where: { id } });
  }

  findBySlug(slug: string): Promise<AgentCategoryEntity | null> {
    return this.categories.findOne({ where: { slug } });
  }

  create(category: NewCategory, manager?: EntityManager): Promise<AgentCategoryEntity> {
    const repo = manager?.getRepository(AgentCategoryEntity) ?? this.categories;
    return repo.save(repo.create(category));
  }

  async update(id: string, changes: Partial<NewCategory>): Promise<void> {
    await this.categories.update({ id }, changes);
  }

  countChildren(id: string, manager: EntityManager): Promise<number> {
    return manager.getRepository(AgentCategoryEntity).count({ where: { parentId: id } });
  }

  async delete(id: string, manager: EntityManager): Promise<void> {
    await manager.getRepository(AgentCategoryEntity).delete({ id });
  }

  /** Ancestor ids of `id` (nearest first), to refuse moving a category under its own subtree. */
  async ancestorIds(id: string): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.categories.query(
      `WITH RECURSIVE up AS (
         SELECT id, parent_id, 0 AS depth FROM agent_categories WHERE id = $1
         UNION ALL
         SELECT c.id, c.parent_id, up.depth + 1 FROM agent_categories c JOIN up ON c.id = up.parent_id
          WHERE up.depth < 50)
       SELECT id FROM up WHERE id <> $1 ORDER BY depth`,
      [id],
    );
    return rows.map((r) => r.id);
  }
}
