/**
 * `pnpm db:migrate` (up) and `pnpm db:revert` (down: the latest migration). Uses DATABASE_URL, or
 * the embedded PostgreSQL in DATA_DIR when it is unset, exactly like the API would.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { resolveFromRepoRoot } from '../config/config.schema.js';
import { buildDataSourceOptions } from './data-source-options.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { revertLastMigrationLocked, runMigrationsLocked } from './migration-runner.js';

async function main(): Promise<void> {
  const command = process.argv[2];
  if (command !== 'up' && command !== 'down') {
    console.error('Usage: migrate.cli.js up|down');
    process.exitCode = 2;
    return;
  }
  const log = (msg: string) => console.log(msg);
  const embedded = process.env.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres(resolveFromRepoRoot(process.env.DATA_DIR || '.data'), log);
  const databaseUrl = process.env.DATABASE_URL || embedded!.url;
  const dataSource = await new DataSource(
    buildDataSourceOptions({ databaseUrl, databasePoolMax: 2 }),
  ).initialize();
  try {
    if (command === 'up') {
      const applied = await runMigrationsLocked(dataSource);
      log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date');
    } else {
      log(
        (await revertLastMigrationLocked(dataSource))
          ? 'Reverted the latest migration'
          : 'No migration to revert',
      );
    }
  } finally {
    await dataSource.destroy();
    await embedded?.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
