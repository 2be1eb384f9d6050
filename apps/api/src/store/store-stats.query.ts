import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Installs and ratings of one agent per UTC day (`day` null = whole range). */
export interface StoreDayFigures {
  day: string | null;
  installs: number;
  ratingCount: number;
  ratingAverage: number | null;
}

/**
 * SQL aggregates over `agent_installs` / `agent_ratings` for the agent analytics. An install row
 * exists while installed, so uninstalled ones are not counted; a rating counts on the day it was
 * last given or changed.
 */
@Injectable()
export class StoreStatsQuery {
  constructor(private readonly dataSource: DataSource) {}

  async agentDaily(agentId: string, from: Date, to: Date): Promise<StoreDayFigures[]> {
    const rows: Array<{
      day: string | null;
      installs: number;
      rating_count: number;
      rating_avg: string | null;
    }> = await this.dataSource.query(
      `SELECT day, count(*) FILTER (WHERE score IS NULL)::int AS installs,
                count(score)::int AS rating_count, avg(score)::float8 AS rating_avg
           FROM (SELECT to_char(installed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, NULL::smallint AS score
                   FROM agent_installs WHERE agent_id = $1 AND installed_at >= $2 AND installed_at < $3
                 UNION ALL
                 SELECT to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'), score
                   FROM agent_ratings WHERE agent_id = $1 AND updated_at >= $2 AND updated_at < $3) x
          GROUP BY GROUPING SETS ((day), ())`,
      [agentId, from, to],
    );
    return rows.map((r) => ({
      day: r.day,
      installs: Number(r.installs),
      ratingCount: Number(r.rating_count),
      ratingAverage: r.rating_avg === null ? null : Number(r.rating_avg),
    }));
  }
}
