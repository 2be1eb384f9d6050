import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  returnedRows,
  SqlParams,
  SUMMARY_JOINS,
  summaryColumns,
  type StoreAgentRow,
  VISIBLE_AGENT_SQL,
} from './store-sql.util.js';

export interface InstallChange {
  /** True when this call changed something (a row was inserted or deleted). */
  changed: boolean;
  /** agents.install_count after the change (null when the agent row is gone). */
  installCount: number | null;
}

export interface LibraryRow extends StoreAgentRow {
  installed_at: Date;
  last_used_at: Date | null;
  use_count: number | null;
  available: boolean;
}

export interface CallableRow {
  id: string;
  slug: string;
  name: string;
  description: string | null;
  variables: Record<string, unknown> | null;
}

/**
 * Installs and the agents.install_count counter. The counter moves in the same statement as the
 * row it counts and only when a row was really inserted or deleted, so it stays exact under any
 * number of concurrent, repeated or interleaved install/uninstall requests.
 */
@Injectable()
export class AgentInstallRepository {
  constructor(private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  async install(userId: string, agentId: string, manager?: EntityManager): Promise<InstallChange> {
    const rows = returnedRows<{ install_count: number }>(
      await this.m(manager).query(
        `WITH ins AS (
         INSERT INTO agent_installs (user_id, agent_id) VALUES ($1, $2)
         ON CONFLICT (user_id, agent_id) DO NOTHING
         RETURNING 1)
       UPDATE agents SET install_count = install_count + 1
        WHERE id = $2 AND EXISTS (SELECT 1 FROM ins)
        RETURNING install_count`,
        [userId, agentId],
      ),
    );
    return rows.length
      ? { changed: true, installCount: rows[0]!.install_count }
      : { changed: false, installCount: null };
  }

  async uninstall(userId: string, agentId: string, manager?: EntityManager): Promise<InstallChange> {
    const rows = returnedRows<{ install_count: number }>(
      await this.m(manager).query(
        `WITH del AS (
         DELETE FROM agent_installs WHERE user_id = $1 AND agent_id = $2
         RETURNING 1)
       UPDATE agents SET install_count = greatest(install_count - 1, 0)
        WHERE id = $2 AND EXISTS (SELECT 1 FROM del)
        RETURNING install_count`,
        [userId, agentId],
      ),
    );
    return rows.length
      ? { changed: true, installCount: rows[0]!.install_count }
      : { changed: false, installCount: null };
  }

  /** The caller's install of the agent and the agent's counter (null when the agent is gone). */
  async state(
    userId: string,
    agentId: string,
    manager?: EntityManager,
  ): Promise<{ installedAt: Date | null; installCount: number } | null> {
    const [row] = await this.m(manager).query<Array<{ installed_at: Date | null; install_count: number }>>(
      `SELECT i.installed_at, a.install_count
         FROM agents a LEFT JOIN agent_installs i ON i.agent_id = a.id AND i.user_id = $1
        WHERE a.id = $2 AND a.deleted_at IS NULL`,
      [userId, agentId],
    );
    return row ? { installedAt: row.installed_at, installCount: row.install_count } : null;
  }

  async isInstalled(userId: string, agentId: string, manager?: EntityManager): Promise<boolean> {
    const [row] = await this.m(manager).query(
      `SELECT 1 FROM agent_installs WHERE user_id = $1 AND agent_id = $2`,
      [userId, agentId],
    );
    return Boolean(row);
  }

  /**
   * The installed agents the user can start a conversation with (in the store: published, not
   * archived), with the workflow variables of their current version; slug order.
   */
  async callable(userId: string): Promise<CallableRow[]> {
    return this.dataSource.query<CallableRow[]>(
      `SELECT a.id, a.slug, a.name, a.description, v.resolved_definition -> 'variables' AS variables
         FROM agent_installs i
         JOIN agents a ON a.id = i.agent_id
         JOIN agent_versions v ON v.id = a.current_version_id
        WHERE i.user_id = $1 AND ${VISIBLE_AGENT_SQL}
        ORDER BY a.slug`,
      [userId],
    );
  }

  /**
   * The user's library, most recently used (or installed) first. Archived or unpublished agents
   * stay listed as unavailable — existing chats with them keep working — deleted ones do not.
   */
  async library(
    userId: string,
    page: number,
    pageSize: number,
    globalMean: number,
  ): Promise<{ rows: LibraryRow[]; total: number }> {
    const p = new SqlParams();
    const columns = summaryColumns(p, globalMean, userId);
    const user = p.add(userId);
    const rows = await this.dataSource.query<Array<LibraryRow & { total: string }>>(
      `SELECT ${columns}, i.installed_at, us.last_used_at, us.use_count, (${VISIBLE_AGENT_SQL}) AS available,
              count(*) OVER () AS total
         FROM agent_installs i
         JOIN agents a ON a.id = i.agent_id
         ${SUMMARY_JOINS}
         LEFT JOIN agent_usage us ON us.user_id = i.user_id AND us.agent_id = i.agent_id
        WHERE i.user_id = ${user} AND a.deleted_at IS NULL
        ORDER BY coalesce(us.last_used_at, i.installed_at) DESC, a.id
        LIMIT ${p.add(pageSize)} OFFSET ${p.add((page - 1) * pageSize)}`,
      p.values,
    );
    if (rows.length || page === 1) return { rows, total: rows.length ? Number(rows[0]!.total) : 0 };
    const [count] = await this.dataSource.query<Array<{ n: string }>>(
      `SELECT count(*) AS n FROM agent_installs i JOIN agents a ON a.id = i.agent_id
        WHERE i.user_id = $1 AND a.deleted_at IS NULL`,
      [userId],
    );
    return { rows, total: Number(count?.n ?? 0) };
  }
}
