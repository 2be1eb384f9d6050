import type { DataSource } from 'typeorm';

/** Arbitrary but fixed: every AgentHub process contends for this one advisory lock. */
export const MIGRATION_LOCK_KEY = 7_301_022_001;

/**
 * Runs pending migrations while holding a session-level advisory lock, so replicas starting
 * together apply each migration exactly once; the others wait, then find nothing to do.
 * Returns the names of the migrations this call applied.
 */
export async function runMigrationsLocked(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}

/** Reverts the most recent migration under the same lock. Returns false when none was applied. */
export async function revertLastMigrationLocked(dataSource: DataSource): Promise<boolean> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const table = await runner.query(`SELECT to_regclass('typeorm_migrations') IS NOT NULL AS present`);
      if (!table[0]?.present) return false;
      const rows = await runner.query('SELECT count(*)::int AS n FROM typeorm_migrations');
      if (rows[0]?.n === 0) return false;
      await dataSource.undoLastMigration({ transaction: 'each' });
      return true;
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}
