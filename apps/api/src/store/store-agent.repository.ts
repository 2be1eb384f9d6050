import { Injectable } from '@nestjs/common';
import type { StoreSort } from '@agenthub/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { escapeLike } from '../common/pagination.util.js';
import { type CategoryRow, DEFAULT_GLOBAL_MEAN, TYPO_SIMILARITY_THRESHOLD } from './store.rules.js';
import {
  SqlParams,
  SUMMARY_JOINS,
  summaryColumns,
  type StoreAgentRow,
  VISIBLE_AGENT_SQL,
} from './store-sql.util.js';

export interface StoreSearch {
  q?: string;
  category?: string;
  /** Any-of, lower-cased. */
  tags?: string[];
  sort: StoreSort;
  page: number;
  pageSize: number;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string): boolean => UUID_RE.test(s);

/**
 * Read side of the store over the agent module's tables (read-only here): search, details,
 * categories, recommendations. Raw SQL because ranking mixes FTS, pg_trgm and a Bayesian score;
 * the expressions used for matching are exactly the indexed ones of the store migration.
 */
@Injectable()
export class StoreAgentRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Mean score over all ratings of store-visible agents (the Bayesian prior). */
  async globalRatingMean(): Promise<number> {
    const [row] = await this.dataSource.query<Array<{ mean: number | null }>>(
      `SELECT sum(a.rating_avg * a.rating_count) / nullif(sum(a.rating_count), 0) AS mean
         FROM agents a WHERE ${VISIBLE_AGENT_SQL} AND a.rating_count > 0`,
    );
    return row?.mean == null ? DEFAULT_GLOBAL_MEAN : Number(row.mean);
  }

  async search(
    s: StoreSearch,
    viewerId: string | null,
    globalMean: number,
  ): Promise<{ rows: StoreAgentRow[]; total: number }> {
    const run = async (manager: EntityManager) => {
      const p = new SqlParams();
      const columns = summaryColumns(p, globalMean, viewerId);
      const conditions = [VISIBLE_AGENT_SQL];
      let relevance = '0';

      if (s.category) {
        conditions.push(`a.category_id IN (
          WITH RECURSIVE sub AS (
            SELECT id FROM agent_categories WHERE ${isUuid(s.category) ? `id = ${p.add(s.category)}::uuid` : `slug = ${p.add(s.category)}`}
            UNION SELECT ch.id FROM agent_categories ch JOIN sub ON ch.parent_id = sub.id)
          SELECT id FROM sub)`);
      }
      if (s.tags?.length) conditions.push(`store_tags_lower(a.tags) && ${p.add(s.tags)}::text[]`);

      if (s.q) {
        const q = p.add(s.q);
        const like = p.add(`%${escapeLike(s.q)}%`);
        const prefix = p.add(`${escapeLike(s.q)}%`);
        const tsq = `websearch_to_tsquery('english', ${q})`;
        const doc = 'store_search_document(a.name, a.description, a.tags)';
        const nameText = 'store_name_text(a.name, a.name_zh)';
        const descText = 'store_description_text(a.description, a.description_zh)';
        const tagText = 'store_tags_text(a.tags)';
        // Each arm is served by one GIN index (FTS, or trigram for ILIKE / `<%`); Chinese and
        // other unsegmented text is found by the substring arms, typos by word similarity.
        conditions.push(`(
          ${doc} @@ ${tsq}
          OR ${nameText} ILIKE ${like}
          OR ${descText} ILIKE ${like}
          OR ${tagText} ILIKE ${like}
          OR ${q} <% ${nameText}
          OR ${q} <% ${tagText})`);
        // Name hits dominate (a name substring alone outweighs any description hit), then tags,
        // then description; FTS rank and similarity order the hits within each band.
        relevance = `(
            CASE WHEN lower(a.name) = lower(${q}) OR lower(coalesce(a.name_zh, '')) = lower(${q}) THEN 6
                 WHEN a.name ILIKE ${prefix} OR coalesce(a.name_zh, '') ILIKE ${prefix} THEN 5
                 WHEN ${nameText} ILIKE ${like} THEN 4 ELSE 0 END
          + 3 * word_similarity(${q}, ${nameText})
          + CASE WHEN ${tagText} ILIKE ${like} THEN 1 ELSE 0 END
          + 2 * ts_rank('{0.1, 0.2, 0.4, 1.0}', ${doc}, ${tsq})
          + CASE WHEN ${descText} ILIKE ${like} THEN 0.5 ELSE 0 END)`;
        await manager.query(`SELECT set_config('pg_trgm.word_similarity_threshold', $1, true)`, [
          String(TYPO_SIMILARITY_THRESHOLD),
        ]);
      }

      const order = {
        relevance: 'relevance DESC, a.install_count DESC, a.id',
        popular: 'a.install_count DESC, rating_score DESC, a.id',
        rating: 'rating_score DESC, a.rating_count DESC, a.install_count DESC, a.id',
        newest: 'a.published_at DESC NULLS LAST, a.id',
      }[s.sort];
      const where = conditions.join('\n AND ');
      const limit = p.add(s.pageSize);
      const offset = p.add((s.page - 1) * s.pageSize);
      const rows = await manager.query<Array<StoreAgentRow & { relevance: number; total: string }>>(
        `SELECT ${columns}, ${relevance} AS relevance, count(*) OVER () AS total
           FROM agents a ${SUMMARY_JOINS}
          WHERE ${where}
          ORDER BY ${order}
          LIMIT ${limit} OFFSET ${offset}`,
        p.values,
      );
      if (rows.length > 0) return { rows, total: Number(rows[0]!.total) };
      if (s.page === 1) return { rows, total: 0 };
      // Past the last page the window count has no row to ride on: count separately.
      // Same select list, so every parameter but limit/offset is still referenced (and typed).
      const [count] = await manager.query<Array<{ total: string }>>(
        `SELECT count(*) AS total FROM (
           SELECT ${columns}, ${relevance} AS relevance FROM agents a ${SUMMARY_JOINS} WHERE ${where}) x`,
        p.values.slice(0, -2),
      );
      return { rows, total: Number(count?.total ?? 0) };
    };
    // set_config(..., true) is transaction-local: the search needs its own transaction so the
    // typo threshold never leaks onto a pooled connection.
    return s.q ? this.dataSource.transaction(run) : run(this.dataSource.manager);
  }

  /** A store-visible agent by id or slug, or null (unpublished, archived, deleted, unknown). */
  async findVisible(
    idOrSlug: string,
    viewerId: string | null,
    globalMean: number,
  ): Promise<StoreAgentRow | null> {
    const p = new SqlParams();
    const columns = summaryColumns(p, globalMean, viewerId);
    const key = isUuid(idOrSlug) ? `a.id = ${p.add(idOrSlug)}::uuid` : `a.slug = ${p.add(idOrSlug)}`;
    const [row] = await this.dataSource.query<StoreAgentRow[]>(
      `SELECT ${columns} FROM agents a ${SUMMARY_JOINS} WHERE ${key} AND ${VISIBLE_AGENT_SQL}`,
      p.values,
    );
    return row ?? null;
  }

  /** Whether the agent is in the store; with a manager, locks its row for the transaction. */
  async findVisibleIdForUpdate(
    agentId: string,
    manager: EntityManager,
  ): Promise<{ id: string; ownerId: string } | null> {
    const [row] = await manager.query<Array<{ id: string; owner_id: string }>>(
      `SELECT a.id, a.owner_id FROM agents a WHERE a.id = $1 AND ${VISIBLE_AGENT_SQL} FOR UPDATE OF a`,
      [agentId],
    );
    return row ? { id: row.id, ownerId: row.owner_id } : null;
  }

  /** Whether the agent is in the store (no lock). */
  async isVisible(agentId: string): Promise<boolean> {
    const [row] = await this.dataSource.query(
      `SELECT 1 FROM agents a WHERE a.id = $1 AND ${VISIBLE_AGENT_SQL}`,
      [agentId],
    );
    return Boolean(row);
  }

  /** Published versions, newest first (by when they went live). */
  publishedVersions(
    agentId: string,
  ): Promise<Array<{ version: string; changelog: string | null; published_at: Date | null }>> {
    return this.dataSource.query(
      `SELECT v.version, v.changelog, coalesce(v.reviewed_at, v.submitted_at) AS published_at
         FROM agent_versions v
        WHERE v.agent_id = $1 AND v.review_status = 'published'
        ORDER BY coalesce(v.reviewed_at, v.submitted_at, v.created_at) DESC, v.created_at DESC`,
      [agentId],
    );
  }

  async listCategories(): Promise<CategoryRow[]> {
    const rows = await this.dataSource.query<
      Array<{
        id: string;
        parent_id: string | null;
        slug: string;
        name: string;
        name_zh: string | null;
        sort: number;
      }>
    >(`SELECT id, parent_id, slug, name, name_zh, sort FROM agent_categories`);
    return rows.map((r) => ({
      id: r.id,
      parentId: r.parent_id,
      slug: r.slug,
      name: r.name,
      nameZh: r.name_zh,
      sort: r.sort,
    }));
  }

  /** Store-visible agents per category (own agents only; the tree adds the sub-categories). */
  async countVisibleByCategory(): Promise<Map<string, number>> {
    const rows = await this.dataSource.query<Array<{ category_id: string; n: string }>>(
      `SELECT a.category_id, count(*) AS n FROM agents a
        WHERE a.category_id IS NOT NULL AND ${VISIBLE_AGENT_SQL} GROUP BY a.category_id`,
    );
    return new Map(rows.map((r) => [r.category_id, Number(r.n)]));
  }

  /**
   * Popular store agents in the categories the user uses, weighted by how much they use each
   * (an install counts 2, each use 1, capped so one heavy habit does not hide the rest).
   * Installed agents and the user's own agents are left out.
   */
  byCategoryAffinity(userId: string, limit: number, globalMean: number): Promise<StoreAgentRow[]> {
    const p = new SqlParams();
    const columns = summaryColumns(p, globalMean, userId);
    const user = p.add(userId);
    return this.dataSource.query(
      `WITH affinity AS (
         SELECT ua.category_id, sum(x.weight) AS weight
           FROM (SELECT agent_id, 2 AS weight FROM agent_installs WHERE user_id = ${user}
                 UNION ALL
                 SELECT agent_id, least(use_count, 20) AS weight FROM agent_usage WHERE user_id = ${user}) x
           JOIN agents ua ON ua.id = x.agent_id
          WHERE ua.category_id IS NOT NULL
          GROUP BY ua.category_id)
       SELECT ${columns}
         FROM agents a ${SUMMARY_JOINS}
         JOIN affinity af ON af.category_id = a.category_id
        WHERE ${VISIBLE_AGENT_SQL}
          AND a.owner_id <> ${user}
          AND NOT EXISTS (SELECT 1 FROM agent_installs i WHERE i.agent_id = a.id AND i.user_id = ${user})
        ORDER BY af.weight DESC, a.install_count DESC, rating_score DESC, a.id
        LIMIT ${p.add(limit)}`,
      p.values,
    );
  }

  /** Cold start and filler: best Bayesian rating, then most installed. */
  topRated(
    userId: string,
    excludeIds: readonly string[],
    limit: number,
    globalMean: number,
  ): Promise<StoreAgentRow[]> {
    const p = new SqlParams();
    const columns = summaryColumns(p, globalMean, userId);
    const user = p.add(userId);
    return this.dataSource.query(
      `SELECT ${columns}
         FROM agents a ${SUMMARY_JOINS}
        WHERE ${VISIBLE_AGENT_SQL}
          AND a.owner_id <> ${user}
          AND NOT (a.id = ANY(${p.add(excludeIds)}::uuid[]))
          AND NOT EXISTS (SELECT 1 FROM agent_installs i WHERE i.agent_id = a.id AND i.user_id = ${user})
        ORDER BY rating_score DESC, a.install_count DESC, a.id
        LIMIT ${p.add(limit)}`,
      p.values,
    );
  }
}
