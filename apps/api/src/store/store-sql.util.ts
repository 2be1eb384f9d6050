import type { StoreAgentSummary } from '@agenthub/contracts';
import { BAYES_PRIOR_WEIGHT } from './store.rules.js';

/** Collects positional parameters while a query is assembled: `p.add(x)` returns `$n`. */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** What "in the store" means; defined by the agent module, which owns the lifecycle it relies on. */
export { STORE_VISIBLE_AGENT_SQL as VISIBLE_AGENT_SQL } from '../agent/agent-store-visibility.util.js';

/** A row of `summaryColumns` (pg returns bigint/numeric as strings, hence the unions). */
export interface StoreAgentRow {
  id: string;
  slug: string;
  name: string;
  name_zh: string | null;
  description: string;
  description_zh: string | null;
  icon: string | null;
  tags: string[];
  owner_id: string;
  developer_name: string;
  category_id: string | null;
  category_slug: string | null;
  category_name: string | null;
  category_name_zh: string | null;
  install_count: number;
  rating_avg: number;
  rating_count: number;
  rating_score: number | string;
  latest_version: string | null;
  published_at: Date | null;
  installed: boolean;
}

/**
 * The columns of a store listing, for `agents a` joined with `users u` (owner) and
 * `agent_categories c`. `installed` is false without a viewer.
 */
/** The Bayesian average of `agents a` (see bayesianScore in store.rules.ts). */
export function ratingScoreSql(p: SqlParams, globalMean: number): string {
  const c = p.add(BAYES_PRIOR_WEIGHT);
  const m = p.add(globalMean);
  return `(${c}::float8 * ${m}::float8 + a.rating_avg * a.rating_count) / (${c}::float8 + a.rating_count)`;
}

export function summaryColumns(p: SqlParams, globalMean: number, viewerId: string | null): string {
  const installed = viewerId
    ? `EXISTS (SELECT 1 FROM agent_installs vi WHERE vi.agent_id = a.id AND vi.user_id = ${p.add(viewerId)})`
    : 'false';
  return `a.id, a.slug, a.name, a.name_zh, a.description, a.description_zh, a.icon, a.tags,
    a.owner_id, u.display_name AS developer_name,
    c.id AS category_id, c.slug AS category_slug, c.name AS category_name, c.name_zh AS category_name_zh,
    a.install_count, a.rating_avg, a.rating_count,
    ${ratingScoreSql(p, globalMean)} AS rating_score,
    a.latest_version, a.published_at, ${installed} AS installed`;
}

export const SUMMARY_JOINS = `JOIN users u ON u.id = a.owner_id
  LEFT JOIN agent_categories c ON c.id = a.category_id`;

export function toStoreAgentSummary(r: StoreAgentRow): StoreAgentSummary {
  return {
    id: r.id,
    slug: r.slug,
    name: r.name,
    nameZh: r.name_zh,
    description: r.description,
    descriptionZh: r.description_zh,
    icon: r.icon,
    tags: r.tags,
    category: r.category_id
      ? { id: r.category_id, slug: r.category_slug!, name: r.category_name!, nameZh: r.category_name_zh }
      : null,
    developer: { id: r.owner_id, displayName: r.developer_name },
    installCount: r.install_count,
    ratingAvg: Number(r.rating_avg),
    ratingCount: r.rating_count,
    ratingScore: Number(r.rating_score),
    latestVersion: r.latest_version,
    publishedAt: r.published_at ? new Date(r.published_at).toISOString() : null,
    installed: r.installed,
  };
}

/**
 * TypeORM's `query()` returns `[rows, rowCount]` for UPDATE and DELETE statements (also a
 * `WITH … UPDATE … RETURNING`) but plain rows otherwise; this gives the rows either way.
 */
export function returnedRows<T>(result: unknown): T[] {
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  )
    return result[0] as T[];
  return result as T[];
}
