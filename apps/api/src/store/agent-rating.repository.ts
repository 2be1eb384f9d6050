import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { returnedRows } from './store-sql.util.js';

export interface RatingRow {
  id: string;
  user_id: string;
  agent_id: string;
  score: number;
  review: string | null;
  created_at: Date;
  updated_at: Date;
  reviewer_name: string;
}

@Injectable()
export class AgentRatingRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts or replaces the user's rating; `inserted` tells which. */
  async upsert(
    rating: { userId: string; agentId: string; score: number; review: string | null },
    manager: EntityManager,
  ): Promise<{ id: string; inserted: boolean }> {
    const [row] = await manager.query<Array<{ id: string; inserted: boolean }>>(
      `INSERT INTO agent_ratings (user_id, agent_id, score, review) VALUES ($1, $2, $3, $4)
       ON CONFLICT (user_id, agent_id)
         DO UPDATE SET score = EXCLUDED.score, review = EXCLUDED.review, updated_at = now()
       RETURNING id, (xmax = 0) AS inserted`,
      [rating.userId, rating.agentId, rating.score, rating.review],
    );
    return row!;
  }

  /**
   * Recomputes agents.rating_avg/rating_count from the ratings themselves (not incrementally),
   * so they are exact; callers hold the agent's row lock, which serialises concurrent raters.
   */
  async recomputeAgentTotals(
    agentId: string,
    manager: EntityManager,
  ): Promise<{ ratingAvg: number; ratingCount: number }> {
    const [row] = returnedRows<{ rating_avg: number; rating_count: number }>(
      await manager.query(
        `UPDATE agents a SET rating_avg = s.avg, rating_count = s.n
         FROM (SELECT coalesce(avg(score), 0)::float8 AS avg, count(*)::int AS n
                 FROM agent_ratings WHERE agent_id = $1) s
        WHERE a.id = $1
        RETURNING a.rating_avg, a.rating_count`,
        [agentId],
      ),
    );
    return { ratingAvg: Number(row!.rating_avg), ratingCount: row!.rating_count };
  }

  async findById(id: string, manager?: EntityManager): Promise<RatingRow | null> {
    const [row] = await (manager ?? this.dataSource.manager).query<RatingRow[]>(
      `SELECT r.*, u.display_name AS reviewer_name FROM agent_ratings r JOIN users u ON u.id = r.user_id
        WHERE r.id = $1`,
      [id],
    );
    return row ?? null;
  }

  async findOfUser(
    userId: string,
    agentId: string,
  ): Promise<{ score: number; review: string | null } | null> {
    const [row] = await this.dataSource.query<Array<{ score: number; review: string | null }>>(
      `SELECT score, review FROM agent_ratings WHERE user_id = $1 AND agent_id = $2`,
      [userId, agentId],
    );
    return row ?? null;
  }

  async countsByScore(agentId: string): Promise<Array<{ score: number; count: number }>> {
    const rows = await this.dataSource.query<Array<{ score: number; n: string }>>(
      `SELECT score, count(*) AS n FROM agent_ratings WHERE agent_id = $1 GROUP BY score`,
      [agentId],
    );
    return rows.map((r) => ({ score: Number(r.score), count: Number(r.n) }));
  }

  /** Newest (or most recently edited) first, with the reviewer's display name. */
  async page(agentId: string, page: number, pageSize: number): Promise<{ rows: RatingRow[]; total: number }> {
    const [rows, [count]] = await Promise.all([
      this.dataSource.query<RatingRow[]>(
        `SELECT r.*, u.display_name AS reviewer_name
           FROM agent_ratings r JOIN users u ON u.id = r.user_id
          WHERE r.agent_id = $1
          ORDER BY r.updated_at DESC, r.id
          LIMIT $2 OFFSET $3`,
        [agentId, pageSize, (page - 1) * pageSize],
      ),
      this.dataSource.query<Array<{ n: string }>>(
        `SELECT count(*) AS n FROM agent_ratings WHERE agent_id = $1`,
        [agentId],
      ),
    ]);
    return { rows, total: Number(count?.n ?? 0) };
  }
}
