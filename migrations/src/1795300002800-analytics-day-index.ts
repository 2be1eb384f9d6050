import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The agent analytics group chat runs by UTC day. An index on that day expression (with every
 * column the aggregate reads, `created_at` included so the scan stays index-only) hands the
 * rows over already in day order: the aggregate no longer sorts the range's runs (which spilled
 * to disk at 100,000 runs) nor formats a day string per run. `runtime/run-stats.query.ts` must
 * spell the expression exactly as here. It replaces `workflow_executions_analytics_idx`
 * (1795300002200), which nothing else reads (`workflow_executions_agent_idx` serves the others).
 */
export class AnalyticsDayIndex1795300002800 implements MigrationInterface {
  name = 'AnalyticsDayIndex1795300002800';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX workflow_executions_analytics_day_idx
         ON workflow_executions (agent_id, ((created_at AT TIME ZONE 'UTC')::date))
         INCLUDE (created_at, status, user_id, started_at, completed_at, prompt_tokens, completion_tokens, cost_usd)
         WHERE kind = 'chat'`,
    );
    await q.query(`DROP INDEX workflow_executions_analytics_idx`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX workflow_executions_analytics_idx ON workflow_executions (agent_id, created_at)
         INCLUDE (status, user_id, started_at, completed_at, prompt_tokens, completion_tokens, cost_usd)
         WHERE kind = 'chat'`,
    );
    await q.query(`DROP INDEX workflow_executions_analytics_day_idx`);
  }
}
