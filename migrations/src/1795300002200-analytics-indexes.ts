import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the agent analytics (`GET /api/agents/:id/analytics`): each aggregate reads one
 * agent's rows in a time range. The runs index covers every column the aggregate reads, so the
 * query is an index-only scan and never touches the (wide) run rows; partial on chat runs, the
 * only ones counted.
 */
export class AnalyticsIndexes1795300002200 implements MigrationInterface {
  name = 'AnalyticsIndexes1795300002200';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX workflow_executions_analytics_idx ON workflow_executions (agent_id, created_at)
         INCLUDE (status, user_id, started_at, completed_at, prompt_tokens, completion_tokens, cost_usd)
         WHERE kind = 'chat'`,
    );
    await q.query(`CREATE INDEX chats_agent_created_idx ON chats (agent_id, created_at)`);
    await q.query(
      `CREATE INDEX agent_installs_agent_installed_idx ON agent_installs (agent_id, installed_at)`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX agent_installs_agent_installed_idx`);
    await q.query(`DROP INDEX chats_agent_created_idx`);
    await q.query(`DROP INDEX workflow_executions_analytics_idx`);
  }
}
