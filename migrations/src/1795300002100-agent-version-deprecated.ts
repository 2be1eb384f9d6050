import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `agent_versions.review_status` may be `deprecated`: a published version its developer retired.
 * The freeze trigger is unchanged (only review fields move), so a deprecated version's content
 * stays exactly what was reviewed.
 */
export class AgentVersionDeprecated1795300002100 implements MigrationInterface {
  name = 'AgentVersionDeprecated1795300002100';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agent_versions DROP CONSTRAINT agent_versions_review_status_known`);
    await q.query(`
      ALTER TABLE agent_versions ADD CONSTRAINT agent_versions_review_status_known
        CHECK (review_status IN ('draft', 'pending_review', 'published', 'rejected', 'deprecated'))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE agent_versions SET review_status = 'published' WHERE review_status = 'deprecated'`);
    await q.query(`ALTER TABLE agent_versions DROP CONSTRAINT agent_versions_review_status_known`);
    await q.query(`
      ALTER TABLE agent_versions ADD CONSTRAINT agent_versions_review_status_known
        CHECK (review_status IN ('draft', 'pending_review', 'published', 'rejected'))`);
  }
}
