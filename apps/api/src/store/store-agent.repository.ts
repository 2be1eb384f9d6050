import { Injectable } from '@nestjs/common';
import type { StoreSort } from '@agenthub/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { escapeLike } from '../common/pagination.util.js';
import {
  DEFAULT_GLOBAL_MEAN,
  planTextSearch,
  type TextSearchPlan,
  TYPO_SIMILARITY_THRESHOLD,
} from './store.rules.js';
import {
  ratingScoreSql,
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

/** Orders over `agents a` with `rating_score` in the select list (no text query). */
const BROWSE_ORDER: Record<StoreSort, string> = {
  relevance: 'a.install_count DESC, rating_score DESC, a.id',
  popular: 'a.install_count DESC, rating_score DESC, a.id',
  rating: 'rating_score DESC, a.rating_count DESC, a.install_count DESC, a.id',
  newest: 'a.published_at DESC NULLS LAST, a.id',
};

/** Orders over the `ranked r` matches of a text query. */
const RANKED_ORDER: Record<StoreSort, string> = {
  relevance: 'r.relevance DESC, r.install_count DESC, r.id',
  popular: 'r.install_count DESC, r.rating_score DESC, r.id',
  rating: 'r.rating_score DESC, r.rating_count DESC, r.install_count DESC, r.id',
  newest: 'r.published_at DESC NULLS LAST, r.id',
};

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
    if (!s.q) return this.browse(s, viewerId, globalMean);
    const q = s.q;
    // set_config(..., true) is transaction-local: the search runs in its own transaction so the
    // typo threshold never leaks onto a pooled connection.
    return this.dataSource.transaction(async (manager) => {
      const plan = planTextSearch(q);
      if (plan.typo) {
        await manager.query(`SELECT set_config('pg_trgm.word_similarity_threshold', $1, true)`, [
          String(TYPO_SIMILARITY_THRESHOLD),
        ]);
      }
      const p = new SqlParams();
      const matches = this.textMatchesSql(s, q, plan, p, globalMean);
      const order = RANKED_ORDER[s.sort];
      const columns = summaryColumns(p, globalMean, viewerId);
      const rows = await manager.query<Array<StoreAgentRow & { total: string }>>(
        `WITH ${matches},
         page AS (
           SELECT r.id, count(*) OVER () AS total, row_number() OVER (ORDER BY ${order}) AS pos
             FROM ranked r
            ORDER BY ${order}
            LIMIT ${p.add(s.pageSize)} OFFSET ${p.add((s.page - 1) * s.pageSize)})
         SELECT ${columns}, pg.total
           FROM page pg JOIN agents a ON a.id = pg.id ${SUMMARY_JOINS}
          ORDER BY pg.pos`,
        p.values,
      );
      if (rows.length > 0 || s.page === 1) return { rows, total: rows.length ? Number(rows[0]!.total) : 0 };
      // Past the last page the window count has no row to ride on: count on its own.
      const cp = new SqlParams();
      const [count] = await manager.query<Array<{ total: string }>>(
        `WITH ${this.textMatchesSql(s, q, plan, cp, globalMean)} SELECT count(*) AS total FROM ranked`,
        cp.values,
      );
      return { rows, total: Number(count?.total ?? 0) };
    });
  }

  /**
   * CTEs `candidates` and `ranked` (id, relevance and the sort keys of every match).
   *
   * Candidates come from one indexed lookup per arm, UNIONed: a single WHERE with ORs would
   * become a BitmapOr whose heap recheck evaluates every arm — to_tsvector of each description —
   * on every candidate row. FTS stems English; substring arms find Chinese and other unsegmented
   * text; word similarity catches typos (see planTextSearch for which arms a query gets).
   */
  private textMatchesSql(
    s: StoreSearch,
    q: string,
    plan: TextSearchPlan,
    p: SqlParams,
    globalMean: number,
  ): string {
    const qp = p.add(q);
    const like = p.add(`%${escapeLike(q)}%`);
    const prefix = p.add(`${escapeLike(q)}%`);
    const op = plan.caseless ? 'LIKE' : 'ILIKE';
    const tsq = `websearch_to_tsquery('english', ${qp})`;
    const nameText = 'store_name_text(a.name, a.name_zh)';
    const descText = 'store_description_text(a.description, a.description_zh)';
    const tagText = 'store_tags_text(a.tags)';
    const arms: string[] = [];
    if (plan.fts) arms.push(`store_search_document(a.name, a.description, a.tags) @@ ${tsq}`);
    if (plan.wordPrefix) {
      // 'simple' leaves the prefix unstemmed; it still matches the English document's lexemes.
      arms.push(
        `store_search_document(a.name, a.description, a.tags) @@ to_tsquery('simple', ${p.add(`${plan.wordPrefix}:*`)})`,
      );
    }
    if (plan.substring === 'indexed') {
      arms.push(`${nameText} ${op} ${like}`, `${descText} ${op} ${like}`, `${tagText} ${op} ${like}`);
    } else if (plan.substring === 'scan') {
      // One pass over the raw columns: cheaper than three unindexable scans of concatenations.
      arms.push(
        `(a.name ${op} ${like} OR a.name_zh ${op} ${like} OR a.description ${op} ${like}
          OR a.description_zh ${op} ${like} OR ${tagText} ${op} ${like})`,
      );
    }
    if (plan.typo) arms.push(`${qp} <% ${nameText}`, `${qp} <% ${tagText}`);
    // Name hits dominate (a name substring alone outweighs any description hit), then tags, then
    // description; similarity orders hits within a band. Cheap per row on purpose: it runs for
    // every match, not only the page.
    const relevance = `(
        CASE WHEN lower(a.name) = lower(${qp}) OR lower(coalesce(a.name_zh, '')) = lower(${qp}) THEN 6
             WHEN a.name ${op} ${prefix} OR a.name_zh ${op} ${prefix} THEN 5
             WHEN ${nameText} ${op} ${like} THEN 4 ELSE 0 END
      ${plan.fts ? `+ CASE WHEN to_tsvector('english', a.name) @@ ${tsq} THEN 3 ELSE 0 END` : ''}
      ${plan.typo ? `+ 3 * word_similarity(${qp}, ${nameText})` : ''}
      + CASE WHEN ${tagText} ${op} ${like} THEN 1 ELSE 0 END
      + CASE WHEN ${descText} ${op} ${like} THEN 0.5 ELSE 0 END)`;
    const where = [VISIBLE_AGENT_SQL, ...this.filterConditions(s, p)].join(' AND ');
    return `candidates AS (${arms.map((arm) => `SELECT a.id FROM agents a WHERE ${arm}`).join('\n UNION ')}),
      ranked AS MATERIALIZED (
        SELECT a.id, ${relevance} AS relevance, a.install_count, a.rating_count, a.published_at,
               ${ratingScoreSql(p, globalMean)} AS rating_score
          FROM agents a JOIN candidates cd ON cd.id = a.id
         WHERE ${where})`;
  }

  /** No text query: read the top of an index in order; the total is a separate, cheap count. */
  private async browse(
    s: StoreSearch,
    viewerId: string | null,
    globalMean: number,
  ): Promise<{ rows: StoreAgentRow[]; total: number }> {
    const p = new SqlParams();
    const columns = summaryColumns(p, globalMean, viewerId);
    const where = [VISIBLE_AGENT_SQL, ...this.filterConditions(s, p)].join(' AND ');
    const cp = new SqlParams();
    const countWhere = [VISIBLE_AGENT_SQL, ...this.filterConditions(s, cp)].join(' AND ');
    const [rows, [count]] = await Promise.all([
      this.dataSource.query<StoreAgentRow[]>(
        `SELECT ${columns} FROM agents a ${SUMMARY_JOINS}
          WHERE ${where}
          ORDER BY ${BROWSE_ORDER[s.sort]}
          LIMIT ${p.add(s.pageSize)} OFFSET ${p.add((s.page - 1) * s.pageSize)}`,
        p.values,
      ),
      this.dataSource.query<Array<{ total: string }>>(
        `SELECT count(*) AS total FROM agents a WHERE ${countWhere}`,
        cp.values,
      ),
    ]);
    return { rows, total: Number(count?.total ?? 0) };
  }

  /** Category (with its sub-categories) and any-of tag filters. */
  private filterConditions(s: StoreSearch, p: SqlParams): string[] {
    const conditions: string[] = [];
    if (s.category) {
      const match = isUuid(s.category) ? `id = ${p.add(s.category)}::uuid` : `slug = ${p.add(s.category)}`;
      conditions.push(`a.category_id IN (
        WITH RECURSIVE sub AS (
          SELECT id FROM agent_categories WHERE ${match}
          UNION SELECT ch.id FROM agent_categories ch JOIN sub ON ch.parent_id = sub.id)
        SELECT id FROM sub)`);
    }
    if (s.tags?.length) conditions.push(`store_tags_lower(a.tags) && ${p.add(s.tags)}::text[]`);
    return conditions;
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
