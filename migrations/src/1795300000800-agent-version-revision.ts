import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `agent_versions.revision`: a counter TypeORM bumps on every save of the row (a version
 * column). The draft's revision is the workflow's ETag: the editor sends it back in `If-Match` and
 * a save based on an older revision is refused with 412, so two tabs never overwrite each other
 * silently. Existing rows start at 1.
 */
export class AgentVersionRevision1795300000800 implements MigrationInterface {
  name = 'AgentVersionRevision1795300000800';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agent_versions ADD COLUMN revision integer NOT NULL DEFAULT 1`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agent_versions DROP COLUMN revision`);
  }
}
