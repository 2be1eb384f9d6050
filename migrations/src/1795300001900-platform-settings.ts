import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `platform_settings`: settings admins change at run time (today the outbound allow-list), one
 * JSON value per key. Deployment settings stay in the environment; these are the ones a running
 * platform's admin owns.
 */
export class PlatformSettings1795300001900 implements MigrationInterface {
  name = 'PlatformSettings1795300001900';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE platform_settings (
        key text PRIMARY KEY,
        value jsonb NOT NULL,
        updated_by uuid REFERENCES users (id) ON DELETE SET NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE platform_settings`);
  }
}
