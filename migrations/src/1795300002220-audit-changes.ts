import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `audit_logs.before` / `after`: the changed resource's state around the action (secrets
 * redacted before they are written). The time-range filter uses `audit_logs_created_at_idx`.
 */
export class AuditChanges1795300002220 implements MigrationInterface {
  name = 'AuditChanges1795300002220';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_logs ADD COLUMN before jsonb, ADD COLUMN after jsonb`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_logs DROP COLUMN before, DROP COLUMN after`);
  }
}
