import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which service config a model node used: `workflow_execution_steps.service_config_id` (null for
 * nodes that call no model, and for steps recorded before this migration). Service-config limits
 * (`limits_config`: requestsPerMinute, tokensPerDay) are counted from these rows across all users,
 * so the partial index serves both windows ("steps of config X since T") and keeps a config's
 * deletion (SET NULL: the trace outlives the config) from scanning the whole table.
 */
export class StepServiceConfig1795300000700 implements MigrationInterface {
  name = 'StepServiceConfig1795300000700';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE workflow_execution_steps
        ADD COLUMN service_config_id uuid NULL
          CONSTRAINT workflow_execution_steps_service_config_fk REFERENCES service_configs (id) ON DELETE SET NULL`);
    await q.query(`
      CREATE INDEX workflow_execution_steps_service_config_idx
        ON workflow_execution_steps (service_config_id, started_at)
        WHERE service_config_id IS NOT NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX workflow_execution_steps_service_config_idx`);
    await q.query(`ALTER TABLE workflow_execution_steps DROP COLUMN service_config_id`);
  }
}
