import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/** Per user and agent: first and last use and how often (fed by the chat module). */
@Injectable()
export class AgentUsageRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** One use: upserts agent_usage and, when installed, the per-install counters — one statement. */
  async record(userId: string, agentId: string, manager?: EntityManager): Promise<void> {
    await (manager ?? this.dataSource.manager).query(
      `WITH used AS (
         INSERT INTO agent_usage (user_id, agent_id) VALUES ($1, $2)
         ON CONFLICT (user_id, agent_id)
           DO UPDATE SET last_used_at = now(), use_count = agent_usage.use_count + 1
         RETURNING 1)
       UPDATE agent_installs SET use_count = use_count + 1, last_used_at = now()
        WHERE user_id = $1 AND agent_id = $2 AND EXISTS (SELECT 1 FROM used)`,
      [userId, agentId],
    );
  }

  async hasUsed(userId: string, agentId: string, manager?: EntityManager): Promise<boolean> {
    const [row] = await (manager ?? this.dataSource.manager).query(
      `SELECT 1 FROM agent_usage WHERE user_id = $1 AND agent_id = $2`,
      [userId, agentId],
    );
    return Boolean(row);
  }
}
